//! Transport and the layers every request passes through: our own accept loop
//! (connections), concurrency and time limits, the one error type, caching and
//! security headers, and the caches of recent answers.

pub mod answers;
pub mod client;
pub mod connections;
pub mod error;
pub mod limits;
pub mod metrics;
pub mod origin;
pub mod policy;
#[cfg(feature = "test-delay")]
pub mod test_delay;
