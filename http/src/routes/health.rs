//! Liveness and readiness for load balancers and orchestration.

use rocket::http::Status;
use rocket::serde::json::{Json, Value, json};
use rocket::{State, get, routes};

use crate::App;

pub fn routes() -> Vec<rocket::Route> {
    routes![health, ready]
}

/// The process is up.
#[get("/health")]
fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The process can serve: its database answers.
#[get("/ready")]
async fn ready(app: &State<App>) -> (Status, Json<Value>) {
    match app.db.ping().await {
        Ok(()) => (Status::Ok, Json(json!({ "status": "ready", "database": app.db.kind() }))),
        Err(e) => {
            tracing::warn!(error = %e, "database not ready");
            (Status::ServiceUnavailable, Json(json!({ "status": "unavailable", "database": app.db.kind() })))
        }
    }
}
