//! Compiled report forms of this instance: each form version is compiled once, on first use,
//! and shared by every check of a report.
//!
//! The database is the source of truth — a form uploaded on one instance is found by every
//! other at its next request, with no restart. Compiling an untrusted plugin happens off the
//! async workers (`spawn_blocking`), one at a time per instance, under a time limit: a hostile
//! upload is answered within a second while everything else keeps being served. The engine's
//! own pre-checks keep compiling bounded; the time limit is the backstop.
//!
//! The forms shipped in `plugins/forms` are embedded in the binary and registered after the
//! server has started ([`ShippedForms`]), so they never slow the start; like every form, each is
//! compiled on its first use.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use cabinet_forms::{Form, Limits, Problem};
use cabinet_storage::forms::{self, Definition, StoredForm};
use cabinet_storage::{Db, StorageError};
use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Orbit, Rocket};
use tokio::sync::{Semaphore, watch};

use crate::App;
use crate::config::ReportsConfig;

/// The plugins shipped with Cabinet, as files in `plugins/forms`.
pub const SHIPPED: &[(&str, &str)] = &[
    ("1-sp.json", include_str!("../../plugins/forms/1-sp.json")),
    ("4-pi.json", include_str!("../../plugins/forms/4-pi.json")),
    ("19-ti.json", include_str!("../../plugins/forms/19-ti.json")),
    ("kdk-2.json", include_str!("../../plugins/forms/kdk-2.json")),
];

/// Why a plugin was not compiled.
#[derive(Debug)]
pub enum Refused {
    /// Every problem found, by pointer into the file.
    Problems(Vec<Problem>),
    /// Checking and compiling took longer than allowed.
    TooSlow { limit_ms: u64 },
}

pub struct FormRegistry {
    compiled: RwLock<HashMap<(String, u32), Arc<Form>>>,
    /// One compile at a time per instance: a burst of uploads waits its turn, within the limit.
    work: Arc<Semaphore>,
    limits: Limits,
    timeout: Duration,
    /// `true` once the shipped plugins are registered.
    shipped: watch::Receiver<bool>,
    shipped_done: watch::Sender<bool>,
    /// The union's time zone: deadlines are days in it (`[reports] time_zone`).
    pub time_zone: jiff::tz::TimeZone,
}

impl FormRegistry {
    pub fn new(config: &ReportsConfig) -> Result<Self, String> {
        let time_zone = jiff::tz::TimeZone::get(&config.time_zone)
            .map_err(|_| format!("[reports] time_zone: unknown time zone «{}»", config.time_zone))?;
        let (shipped_done, shipped) = watch::channel(false);
        let mut limits = Limits::default();
        limits.plugin.max_bytes = usize::try_from(config.plugin_max_bytes).unwrap_or(usize::MAX);
        limits.data.max_bytes = usize::try_from(config.report_max_bytes).unwrap_or(usize::MAX);
        let timeout_ms = config.compile_timeout_ms;
        Ok(FormRegistry {
            compiled: RwLock::default(),
            work: Arc::new(Semaphore::new(1)),
            limits,
            timeout: Duration::from_millis(timeout_ms.max(1)),
            shipped,
            shipped_done,
            time_zone,
        })
    }

    /// Checks and compiles a plugin file off the async workers, within the time limit.
    pub async fn compile(&self, bytes: Vec<u8>) -> Result<Arc<Form>, Refused> {
        let limit_ms = u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX);
        let work = Arc::clone(&self.work);
        let limits = self.limits.clone();
        let job = async move {
            let permit = work.acquire_owned().await.map_err(|_| Refused::TooSlow { limit_ms })?;
            // The permit travels with the work: a compile that outlives the limit still holds
            // it, so a flood of hostile uploads cannot pile up running compiles.
            tokio::task::spawn_blocking(move || {
                let _permit = permit;
                cabinet_forms::load(&bytes, &limits)
            })
            .await
            .map_err(|_| Refused::TooSlow { limit_ms })?
            .map(Arc::new)
            .map_err(Refused::Problems)
        };
        tokio::time::timeout(self.timeout, job).await.unwrap_or(Err(Refused::TooSlow { limit_ms }))
    }

    /// A stored form version, compiled (once per version and instance).
    pub async fn get(&self, db: &Db, id: &str, version: Option<u32>) -> Result<(StoredForm, Arc<Form>), StorageError> {
        self.wait_for_shipped().await;
        let stored = forms::get(db, id, version).await?;
        let form = self.compiled(&stored).await?;
        Ok((stored, form))
    }

    /// The compiled form of a version already read from the database.
    pub async fn compiled(&self, stored: &StoredForm) -> Result<Arc<Form>, StorageError> {
        let key = (stored.id.clone(), u32::try_from(stored.version).unwrap_or(0));
        if let Some(form) = self.cached(&key) {
            return Ok(form);
        }
        let form = match self.compile(stored.plugin.clone().into_bytes()).await {
            Ok(form) => form,
            Err(refused) => {
                tracing::error!(form = %stored.id, version = stored.version, ?refused, "a stored form no longer compiles");
                return Err(StorageError::Corrupt(format!("form {}@{}", stored.id, stored.version)));
            }
        };
        self.remember(key, Arc::clone(&form));
        Ok(form)
    }

    /// The bounds a report's body is read within: its size, depth, strings and numbers, and no
    /// duplicate keys.
    pub fn data_limits(&self) -> &cabinet_forms::JsonLimits {
        &self.limits.data
    }

    /// Keeps a form compiled for an upload, so its first use does not compile it again.
    pub fn remember(&self, key: (String, u32), form: Arc<Form>) {
        if let Ok(mut compiled) = self.compiled.write() {
            compiled.insert(key, form);
        }
    }

    fn cached(&self, key: &(String, u32)) -> Option<Arc<Form>> {
        self.compiled.read().ok().and_then(|c| c.get(key).cloned())
    }

    /// Waits (briefly, once after a start) until the shipped plugins are registered.
    pub async fn wait_for_shipped(&self) {
        let mut shipped = self.shipped.clone();
        // An error means the sender is gone: nothing more will come, go on.
        let _ = shipped.wait_for(|done| *done).await;
    }

    /// Registers the shipped plugins: stores each version that is new. They are read, not
    /// compiled: every shipped file compiles (a unit test below holds it for each build), and a
    /// form is compiled on its first use like any stored one. Compiling the four of them at each
    /// start held their validators and the compiler's pages in memory on a server that may never
    /// take a report.
    async fn register_shipped(&self, db: &Db) {
        for (name, text) in SHIPPED {
            let header = match serde_json::from_str::<Header>(text) {
                Ok(header) => header,
                Err(e) => {
                    tracing::error!(file = name, error = %e, "a shipped form plugin could not be read");
                    continue;
                }
            };
            let definition = Definition {
                id: &header.id,
                version: header.version,
                title: &header.title,
                department_slug: &header.department,
                plugin: text,
            };
            if let Err(e) = forms::define_shipped(db, &definition).await {
                tracing::warn!(file = name, error = %e, "shipped form not registered");
            }
        }
        self.shipped_done.send_replace(true);
    }
}

/// What registering a plugin needs of it, read without checking the rest.
#[derive(serde::Deserialize)]
struct Header {
    id: String,
    version: u32,
    title: String,
    department: String,
}

/// Registers the shipped forms once the server is up.
pub struct ShippedForms;

#[rocket::async_trait]
impl Fairing for ShippedForms {
    fn info(&self) -> Info {
        Info { name: "shipped report forms", kind: Kind::Liftoff }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let Some(app) = rocket.state::<App>() else { return };
        let (registry, db) = (Arc::clone(&app.forms), app.db.clone());
        tokio::spawn(async move { registry.register_shipped(&db).await });
    }
}

#[cfg(test)]
mod tests {
    use super::{Header, SHIPPED};

    #[test]
    fn every_plugin_file_in_plugins_forms_is_shipped_and_compiles() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugins/forms");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("plugins/forms")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".json"))
            .collect();
        files.sort();
        let mut shipped: Vec<String> = SHIPPED.iter().map(|(name, _)| (*name).to_owned()).collect();
        shipped.sort();
        assert_eq!(files, shipped, "a plugin file in plugins/forms must be listed in SHIPPED");
        for (name, text) in SHIPPED {
            let form = cabinet_forms::load(text.as_bytes(), &cabinet_forms::Limits::default())
                .unwrap_or_else(|problems| panic!("{name}: {problems:#?}"));
            // What registration reads without compiling is what the compiled form says.
            let header: Header = serde_json::from_str(text).expect("the plugin's header");
            let plugin = form.plugin();
            assert_eq!(
                (header.id.as_str(), header.version, header.title.as_str(), header.department.as_str()),
                (plugin.id.as_str(), plugin.version, plugin.title.as_str(), plugin.department.as_str()),
                "{name}"
            );
        }
    }
}
