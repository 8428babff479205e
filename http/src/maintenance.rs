//! The notice of planned maintenance every page shows (§2.7): read from the database every few
//! seconds and at once after this instance announces or cancels, so that rendering a page never
//! waits for it.

use std::sync::RwLock;
use std::time::Duration;

use cabinet_storage::{Db, maintenance, now_ms};
use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Orbit, Rocket};
use time::OffsetDateTime;

use crate::App;
use crate::pages::when::moment_at;

/// How often every instance reads the announcements.
const REFRESH: Duration = Duration::from_secs(5);

#[derive(Default)]
pub struct Board {
    ahead: RwLock<Vec<maintenance::Notice>>,
}

impl Board {
    /// Reads the announcements again.
    pub async fn refresh(&self, db: &Db) -> cabinet_storage::StorageResult<()> {
        let ahead = maintenance::ahead(db, now_ms()).await?;
        if let Ok(mut slot) = self.ahead.write() {
            *slot = ahead;
        }
        Ok(())
    }

    /// What pages say now, if an announcement is due to be shown.
    pub fn text(&self) -> Option<String> {
        let now = now_ms();
        let ahead = self.ahead.read().ok()?;
        let notice = ahead.iter().find(|n| n.announce_from <= now && n.ends_at > now)?;
        let at =
            |ms: i64| OffsetDateTime::from_unix_timestamp(ms / 1000).map(moment_at).unwrap_or_else(|_| ms.to_string());
        let when = if notice.starts_at <= now {
            format!("Идут плановые технические работы, до {}.", at(notice.ends_at))
        } else {
            format!("Плановые технические работы: с {} до {}.", at(notice.starts_at), at(notice.ends_at))
        };
        Some(format!(
            "{when} {} Сохраните введённые данные заранее: в это время личный кабинет может быть недоступен.",
            notice.note
        ))
    }
}

/// Reads the announcements on liftoff and then every few seconds.
pub struct Refresh;

#[rocket::async_trait]
impl Fairing for Refresh {
    fn info(&self) -> Info {
        Info { name: "maintenance notice", kind: Kind::Liftoff }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let Some(app) = rocket.state::<App>() else { return };
        let (db, board) = (app.db.clone(), app.maintenance.clone());
        let mut shutdown = rocket.shutdown();
        tokio::spawn(async move {
            loop {
                if let Err(e) = board.refresh(&db).await {
                    tracing::debug!(error = %e, "maintenance notice: not read now");
                }
                tokio::select! {
                    _ = &mut shutdown => break,
                    _ = tokio::time::sleep(REFRESH) => {}
                }
            }
        });
    }
}
