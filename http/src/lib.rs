//! Cabinet's web layer: the JSON API under `/api/v1`, health checks and the few pages a user
//! reaches from an e-mail. [`build`] makes the one Rocket application that `main` launches and
//! the tests drive.

pub mod auth;
mod body;
pub mod bootstrap;
mod catchers;
pub mod config;
pub mod error;
mod fairings;
pub mod form_registry;
pub mod jobs;
pub mod json;
pub mod mail;
pub mod maintenance;
pub mod openapi;
pub mod pages;
mod params;
pub mod proxy;
pub mod public_cache;
pub mod routes;
mod views;

use cabinet_storage::Db;
use rocket::{Build, Rocket};

pub use config::Config;

/// Everything a request handler may need, managed by Rocket.
pub struct App {
    pub db: Db,
    pub config: Config,
    pub hasher: auth::passwords::Hasher,
    pub mailer: std::sync::Arc<mail::Mailer>,
    pub pages: pages::Pages,
    /// Where photos and documents are kept: `[storage]` in the configuration.
    pub blobs: cabinet_storage::blobs::BlobStore,
    /// Bounds how many photos are decoded at once when a downscale is asked for.
    pub image_work: tokio::sync::Semaphore,
    /// Whose forwarding header tells the client's address: `[proxy]` in the configuration.
    pub proxies: proxy::TrustedProxies,
    /// Rendered public answers of this instance: `[public_api]` in the configuration.
    pub public: std::sync::Arc<public_cache::PublicCache>,
    /// Report forms, compiled once per version: `[reports]` in the configuration.
    pub forms: std::sync::Arc<form_registry::FormRegistry>,
    /// This instance's job runner: `[jobs]` in the configuration.
    pub jobs: std::sync::Arc<jobs::Jobs>,
    /// Planned maintenance every page announces.
    pub maintenance: std::sync::Arc<maintenance::Board>,
}

/// The application on `db` (already migrated), configured by `figment`.
pub fn build(figment: rocket::figment::Figment, db: Db) -> Result<Rocket<Build>, String> {
    let config: Config = figment.extract().map_err(|e| format!("configuration: {e}"))?;
    let mailer = std::sync::Arc::new(mail::Mailer::from_config(&config.mail).map_err(|e| e.to_string())?);
    let app = App {
        hasher: auth::passwords::Hasher::new(config.auth.hashing_concurrency),
        pages: pages::Pages::new(&config.public_url),
        blobs: config.storage.blob_store().map_err(|e| format!("media storage: {e}"))?,
        image_work: tokio::sync::Semaphore::new(config.storage.image_concurrency.max(1)),
        proxies: proxy::TrustedProxies::from_config(&config.proxy)?,
        public: std::sync::Arc::new(public_cache::PublicCache::new(config.public_api.cache_bytes)),
        forms: std::sync::Arc::new(form_registry::FormRegistry::new(&config.reports)?),
        jobs: std::sync::Arc::new(jobs::Jobs::new()),
        maintenance: std::sync::Arc::default(),
        db,
        config,
        mailer,
    };
    // Rocket would believe `X-Real-IP` from anybody; `proxy::client_ip` decides instead. No
    // `Server` header: it tells an attacker what runs here and a site nothing.
    let figment = figment.merge((rocket::Config::IP_HEADER, false)).merge((rocket::Config::IDENT, false));
    let mut rocket = rocket::custom(figment)
        // Rocket's default shield sets headers `fairings::PerRequest` sets anyway, and a
        // `Permissions-Policy` no browser reads any more: an empty one switches it off.
        .attach(rocket::shield::Shield::new())
        .manage(app)
        .register("/", catchers::all())
        .attach(fairings::PerRequest)
        .attach(public_cache::Poll)
        .attach(form_registry::ShippedForms)
        .attach(jobs::Start)
        .attach(maintenance::Refresh);
    for (base, routes) in routes::all() {
        rocket = rocket.mount(base, routes);
    }
    Ok(rocket)
}
