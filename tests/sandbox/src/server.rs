//! The accept loop: HTTP/1.1 on 127.0.0.1, one task per connection, a way for a
//! request to drop its own connection, and a bounded shutdown.

use crate::gate::ConnKiller;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};
use tower::ServiceExt;

/// How long open connections get to finish their requests at shutdown before
/// they are cut.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// A running server.
#[derive(Debug)]
pub struct Server {
    /// The bound address (always 127.0.0.1).
    pub addr: SocketAddr,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds 127.0.0.1:`port` (0 picks a free port) and starts serving `router`.
    pub async fn spawn(router: Router, port: u16) -> std::io::Result<Server> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let addr = listener.local_addr()?;
        let (stop, rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, router, rx));
        Ok(Server {
            addr,
            stop,
            task: Some(task),
        })
    }

    /// Asks the server to stop without waiting for it.
    pub fn signal_stop(&self) {
        let _ = self.stop.send(true);
    }

    /// Stops accepting, lets open requests finish for at most
    /// [`SHUTDOWN_GRACE`], then closes everything. Never waits much longer.
    pub async fn shutdown(&mut self) {
        self.signal_stop();
        if let Some(mut task) = self.task.take() {
            let bound = SHUTDOWN_GRACE + Duration::from_secs(1);
            if tokio::time::timeout(bound, &mut task).await.is_err() {
                task.abort();
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.signal_stop();
    }
}

async fn stopped(rx: &mut watch::Receiver<bool>) {
    // An error means the sender is gone, which also means stop.
    let _ = rx.wait_for(|s| *s).await;
}

async fn accept_loop(listener: TcpListener, router: Router, mut stop: watch::Receiver<bool>) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            biased;
            () = stopped(&mut stop) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    conns.spawn(serve_connection(stream, router.clone(), stop.clone()));
                }
                // Out of file descriptors and the like: back off briefly.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while conns.join_next().await.is_some() {} };
    if tokio::time::timeout(SHUTDOWN_GRACE, drain).await.is_err() {
        conns.abort_all();
        while conns.join_next().await.is_some() {}
    }
}

async fn serve_connection(stream: TcpStream, router: Router, mut stop: watch::Receiver<bool>) {
    let killer = ConnKiller::default();
    let for_requests = killer.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let mut req = req.map(axum::body::Body::new);
        req.extensions_mut().insert(for_requests.clone());
        router.clone().oneshot(req)
    });
    let conn =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        // Dropping the connection future closes the socket without an answer.
        () = killer.killed() => {}
        () = stopped(&mut stop) => {
            conn.as_mut().graceful_shutdown();
            tokio::select! {
                _ = conn.as_mut() => {}
                () = killer.killed() => {}
            }
        }
    }
}
