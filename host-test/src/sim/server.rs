//! Accept loop and routing. Connections are served one hyper task each so a
//! `ConnectionReset` fault can abort exactly the connection it hit.

use super::{apps, control, directory, factors, gate, groups, hooks, identity_sources, linked_objects, logs, meta, policies, roles, users, Shared};
use axum::Router;
use hyper_util::rt::TokioIo;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// Request extension: notifying it makes the connection task reset the socket.
#[derive(Clone)]
pub(crate) struct ResetHandle(pub Arc<Notify>);

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .merge(users::routes())
        .merge(logs::routes())
        .merge(groups::routes())
        .merge(hooks::routes())
        .merge(apps::routes())
        .merge(meta::routes())
        .merge(linked_objects::routes())
        .merge(directory::routes())
        .merge(policies::routes())
        .merge(factors::routes())
        .merge(identity_sources::routes())
        .merge(roles::routes())
        .merge(super::oauth::routes())
        .merge(control::routes())
        .fallback(|ctx: super::ctx::Ctx| async move {
            super::errors::ApiError::not_found(&ctx.path, "GenericResource")
        })
        .method_not_allowed_fallback(|| async {
            super::errors::ApiError::new(405, "E0000022", "The endpoint does not support the provided HTTP method")
        })
        .layer(axum::middleware::from_fn_with_state(shared.clone(), gate::gate))
        .with_state(shared)
}

pub(crate) async fn serve(listener: TcpListener, app: Router, mut stop: watch::Receiver<bool>, shared: Arc<Shared>) {
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue,
            },
            _ = stop.changed() => return,
        };
        shared.connections.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let _ = stream.set_nodelay(true);
        let reset = Arc::new(Notify::new());
        let handle = ResetHandle(reset.clone());
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(handle.clone());
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let mut stop = stop.clone();
        tokio::spawn(async move {
            let fd = stream.as_raw_fd();
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = reset.notified() => {
                    // SAFETY: the stream is owned by `conn`, still alive here.
                    let fd = unsafe { BorrowedFd::borrow_raw(fd) };
                    // Linger 0 turns the close below into a TCP RST.
                    let _ = socket2::SockRef::from(&fd).set_linger(Some(Duration::ZERO));
                }
                _ = stop.changed() => {}
            }
        });
    }
}
