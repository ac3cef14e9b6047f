//! The console's only HTTP: JSON to and from the API on this origin (the
//! session cookie goes with every request), each failure as the words to show.

use beltmart_contract::ErrorBody;
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Why a request did not give what was asked: the status (0 when no answer
/// came), the API's stable code, and its message.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl Failure {
    fn unreachable() -> Failure {
        Failure {
            status: 0,
            code: "unreachable".into(),
            message: String::new(),
        }
    }
}

pub type Answer<T> = Result<T, Failure>;

pub async fn get<T: DeserializeOwned>(path: &str) -> Answer<T> {
    read(Request::get(path)).await
}

pub async fn send<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: &impl Serialize,
) -> Answer<T> {
    let request = match method {
        "PATCH" => Request::patch(path),
        _ => Request::post(path),
    };
    let request = request.json(body).map_err(|_| Failure::unreachable())?;
    outcome(request.send().await).await
}

/// Sends a file as the body, with its content type; the answer's words in `language`.
pub async fn upload<T: DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
    content_type: &str,
    language: &str,
) -> Answer<T> {
    let request = Request::post(path)
        .header("content-type", content_type)
        .header("accept-language", language)
        .body(wasm_bindgen::JsValue::from(file.clone()))
        .map_err(|_| Failure::unreachable())?;
    outcome(request.send().await).await
}

pub async fn delete(path: &str) -> Answer<()> {
    let response = Request::delete(path)
        .send()
        .await
        .map_err(|_| Failure::unreachable())?;
    match response.ok() {
        true => Ok(()),
        false => Err(failure(response).await),
    }
}

async fn read<T: DeserializeOwned>(request: RequestBuilder) -> Answer<T> {
    outcome(request.send().await).await
}

async fn outcome<T: DeserializeOwned>(sent: Result<Response, gloo_net::Error>) -> Answer<T> {
    let response = sent.map_err(|_| Failure::unreachable())?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    response.json::<T>().await.map_err(|_| Failure {
        status: response.status(),
        code: "invalid".into(),
        message: String::new(),
    })
}

async fn failure(response: Response) -> Failure {
    let status = response.status();
    match response.json::<ErrorBody>().await {
        Ok(body) => Failure {
            status,
            code: body.error.code,
            message: body.error.message,
        },
        Err(_) => Failure {
            status,
            code: "http".into(),
            message: String::new(),
        },
    }
}
