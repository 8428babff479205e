//! A TCP proxy on loopback in front of a real service, that a test can cut off — every open
//! connection dropped, new ones refused, as when the service is down — and bring back on the
//! same port.

use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;

pub struct Proxy {
    pub port: u16,
    target: String,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
}

impl Proxy {
    /// Listens on a free port and forwards to `target` (`host:port`).
    pub async fn start(target: &str) -> Proxy {
        let listener = bind(0).await;
        let port = listener.local_addr().unwrap().port();
        let proxy = Proxy { port, target: target.to_owned(), tasks: Arc::default() };
        proxy.serve(listener);
        proxy
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn serve(&self, listener: TcpListener) {
        let (target, tasks) = (self.target.clone(), self.tasks.clone());
        let accept = tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else { continue };
                let target = target.clone();
                let pipe = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                if let Ok(mut t) = tasks.lock() {
                    t.push(pipe);
                }
            }
        });
        self.tasks.lock().unwrap().push(accept);
    }

    /// The service is down: the listener closes and every connection through it drops.
    pub fn cut(&self) {
        for task in self.tasks.lock().unwrap().drain(..) {
            task.abort();
        }
    }

    /// The service is back, on the same port.
    pub async fn restore(&self) {
        let listener = bind(self.port).await;
        self.serve(listener);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut();
    }
}

async fn bind(port: u16) -> TcpListener {
    for _ in 0..50 {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        if socket.bind(([127, 0, 0, 1], port).into()).is_ok() {
            return socket.listen(128).unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("cannot listen on 127.0.0.1:{port}");
}
