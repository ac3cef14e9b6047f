//! Connections, bounded so that idle or hostile clients cannot lock shoppers
//! out: a connection must send its request headers (and may stay idle between
//! requests) for at most `--idle-timeout-s`; there are never more connections
//! than the open-file limit leaves room for; and at that cap a new connection
//! closes the oldest one that has no request in flight, so a crowd of idle
//! sockets never keeps a health check or a shopper from being answered.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request};
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use prometheus::IntGauge;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

/// Files the server needs besides its connections: the database and its
/// journal, the logs, and the storefront's files being sent.
const RESERVED_FILES: u64 = 128;

/// How many connections, and how long one may wait.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub idle_timeout: Duration,
}

impl ConnectionLimits {
    /// `max_connections`, lowered to what the open-file limit leaves room for.
    pub fn new(max_connections: usize, idle_timeout: Duration, open_files: u64) -> Self {
        let room = open_files.saturating_sub(RESERVED_FILES).max(16);
        ConnectionLimits {
            max_connections: max_connections.min(usize::try_from(room).unwrap_or(usize::MAX)),
            idle_timeout,
        }
    }
}

/// Raises the soft limit of open files to the hard limit (the soft one is
/// often 1 024 while the hard one allows far more) and returns the limit now in force.
pub fn raise_open_files_limit() -> u64 {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit and setrlimit only read and write the struct passed.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return 1024;
            }
            if limit.rlim_cur < limit.rlim_max {
                let raised = libc::rlimit {
                    rlim_cur: limit.rlim_max,
                    rlim_max: limit.rlim_max,
                };
                if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                    limit = raised;
                }
            }
        }
        limit.rlim_cur
    }
    #[cfg(not(unix))]
    {
        u64::MAX
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the
/// requests in flight finish.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    open_gauge: IntGauge,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    // One timer covers a request's headers and the wait for the next request.
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.idle_timeout);
    let open = Arc::new(OpenConnections::default());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of files or memory for a moment: let connections end, then go on.
                    tracing::warn!(error = %err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        if open.len() >= limits.max_connections && !open.close_oldest_idle() {
            continue; // every connection is busy: this one is dropped, closing it
        }
        let (id, state) = open.add();
        open_gauge.inc();
        let service = hyper::service::service_fn({
            let (app, state) = (app.clone(), state.clone());
            move |mut request: Request<Incoming>| {
                // Who is on the other end, for throttling failed sign-ins.
                request.extensions_mut().insert(ConnectInfo(peer));
                answer(app.clone(), state.clone(), request)
            }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        let (open, open_gauge) = (open.clone(), open_gauge.clone());
        tokio::spawn(async move {
            tokio::select! {
                _ = connection => {}
                () = state.close.notified() => {}
            }
            open.remove(id);
            open_gauge.dec();
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Answers one request, counting it as in flight on its connection until its
/// body has been sent.
async fn answer(
    app: Router,
    state: Arc<ConnectionState>,
    request: Request<Incoming>,
) -> Result<axum::response::Response, Infallible> {
    let in_flight = InFlight::new(state);
    let response = app.oneshot(request.map(Body::new)).await?;
    Ok(response.map(|body| {
        Body::new(CountedBody {
            body,
            _in_flight: in_flight,
        })
    }))
}

#[derive(Default)]
struct ConnectionState {
    requests: AtomicUsize,
    close: Notify,
}

/// One request in flight on its connection, for as long as this lives.
struct InFlight(Arc<ConnectionState>);

impl InFlight {
    fn new(state: Arc<ConnectionState>) -> InFlight {
        state.requests.fetch_add(1, Ordering::AcqRel);
        InFlight(state)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.requests.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that keeps its request counted while it is sent.
struct CountedBody {
    body: Body,
    _in_flight: InFlight,
}

impl hyper::body::Body for CountedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// The open connections, oldest first.
#[derive(Default)]
struct OpenConnections {
    by_age: Mutex<BTreeMap<u64, Arc<ConnectionState>>>,
    next_id: AtomicU64,
}

impl OpenConnections {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<ConnectionState>>> {
        self.by_age.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn len(&self) -> usize {
        self.lock().len()
    }

    fn add(&self) -> (u64, Arc<ConnectionState>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let state = Arc::new(ConnectionState::default());
        self.lock().insert(id, state.clone());
        (id, state)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Closes the oldest connection with no request in flight; false when every one is busy.
    fn close_oldest_idle(&self) -> bool {
        let mut open = self.lock();
        let idle = open
            .iter()
            .find(|(_, state)| state.requests.load(Ordering::Acquire) == 0)
            .map(|(&id, _)| id);
        match idle.and_then(|id| open.remove(&id)) {
            Some(state) => {
                state.close.notify_one();
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_stay_below_the_open_file_limit() {
        let idle = Duration::from_secs(10);
        assert_eq!(
            ConnectionLimits::new(10_000, idle, 1024).max_connections,
            896
        );
        assert_eq!(
            ConnectionLimits::new(10_000, idle, 1 << 20).max_connections,
            10_000
        );
        assert_eq!(ConnectionLimits::new(10_000, idle, 100).max_connections, 16);
    }

    #[test]
    fn the_oldest_idle_connection_is_closed_first() {
        let open = OpenConnections::default();
        let (_, busy) = open.add();
        let (_, idle) = open.add();
        let (_, newer) = open.add();
        let _request = InFlight::new(busy.clone());
        assert!(open.close_oldest_idle());
        assert_eq!(open.len(), 2);
        // The busy one and the newer idle one remain.
        assert!(Arc::strong_count(&idle) == 1 && Arc::strong_count(&newer) == 2);
        drop(_request);
        assert_eq!(busy.requests.load(Ordering::Acquire), 0);
    }
}
