//! Liveness and readiness for load balancers and orchestration.

use rocket::http::Status;
use rocket::serde::json::{Json, Value, json};
use rocket::{State, get, routes};

use cabinet_storage::blobs::BlobKey;

use crate::App;

pub fn routes() -> Vec<rocket::Route> {
    routes![health, ready]
}

/// The process is up.
#[get("/health")]
fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The process can serve: its database answers and its object store can be reached.
#[get("/ready")]
async fn ready(app: &State<App>) -> (Status, Json<Value>) {
    let database = app.db.ping().await.inspect_err(|e| tracing::warn!(error = %e, "database not ready")).is_ok();
    // A HEAD on a key that is never written: any answer but a failure means the store is there.
    let probe = BlobKey::of(b"cabinet readiness probe");
    let storage =
        app.blobs.exists(&probe).await.inspect_err(|e| tracing::warn!(error = %e, "storage not ready")).is_ok();
    let status = if database && storage { Status::Ok } else { Status::ServiceUnavailable };
    let body = json!({
        "status": if status == Status::Ok { "ready" } else { "unavailable" },
        "database": { "kind": app.db.kind(), "ok": database },
        "storage": { "kind": app.blobs.kind(), "ok": storage },
    });
    (status, Json(body))
}
