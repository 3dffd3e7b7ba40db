//! The preview's HTTP server: hyper (HTTP/1.1, connections kept alive as browsers keep them) on
//! a small tokio runtime, one task per connection, Nagle's algorithm off on every connection
//! (else each answer's last small packet waits for the browser's delayed acknowledgement,
//! 40 ms a file). The answers come from synchronous code run on tokio's blocking threads, so a
//! reload request waiting for the next build, or a save that loads the whole site, holds a
//! thread of its own and never holds up another request or connection.

use std::convert::Infallible;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderMap};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

/// A request as the answering code sees it.
pub struct Asked {
    pub method: String,
    /// Path and query, as sent.
    pub url: String,
    pub peer: SocketAddr,
    pub headers: HeaderMap,
    /// The body, or `None` when it was larger than the limit given to [`run`] or broke off.
    pub body: Option<Vec<u8>>,
}

impl Asked {
    /// The value of the header `name`, when it is there and text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// An answer: status, content type, body.
pub type Answer = (u16, String, Vec<u8>);

/// Whether the browser may keep what it was sent.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Caching {
    /// The preview: every answer may change with the next save (`Cache-Control: no-store`).
    Never,
    /// Whatever the browser does by default, as with a plain web host.
    Default,
}

/// Answers every request on `listener` with `answer` until the process ends; bodies are read up
/// to `max_body` bytes.
pub fn run(
    listener: TcpListener,
    max_body: usize,
    caching: Caching,
    answer: Arc<dyn Fn(Asked) -> Answer + Send + Sync>,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        // The pause after a failed accept (out of file handles) needs the timer.
        .enable_time()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of file handles, or a connection reset before it was taken: the
                // others go on.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                }
            };
            let _ = stream.set_nodelay(true);
            let answer = answer.clone();
            tokio::spawn(async move {
                let service = service_fn(move |request| {
                    let answer = answer.clone();
                    async move {
                        Ok::<_, Infallible>(respond(request, peer, max_body, caching, answer).await)
                    }
                });
                // A connection that breaks off is the browser's business.
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

async fn respond(
    request: Request<Incoming>,
    peer: SocketAddr,
    max_body: usize,
    caching: Caching,
    answer: Arc<dyn Fn(Asked) -> Answer + Send + Sync>,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = Limited::new(body, max_body)
        .collect()
        .await
        .ok()
        .map(|b| b.to_bytes().to_vec());
    let asked = Asked {
        method: parts.method.as_str().to_owned(),
        url: parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned(),
        peer,
        headers: parts.headers,
        body,
    };
    let (status, content_type, bytes) = tokio::task::spawn_blocking(move || answer(asked))
        .await
        .unwrap_or_else(|_| {
            let message = "the preview could not answer this request; see the terminal";
            (500, "text/plain".into(), message.as_bytes().to_vec())
        });
    let mut response = Response::new(Full::new(Bytes::from(bytes)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Ok(value) = content_type.parse() {
        response.headers_mut().insert(CONTENT_TYPE, value);
    }
    if caching == Caching::Never {
        response.headers_mut().insert(
            CACHE_CONTROL,
            hyper::header::HeaderValue::from_static("no-store"),
        );
    }
    response
}
