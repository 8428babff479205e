//! Reminders, each sent once per occasion to the organization's users who can act on it:
//! - a report due: on each reminder day of its form's schedule, and once when it is overdue but
//!   still taken (§7), to those who fill reports;
//! - reference info not confirmed for a quarter (§6.3), to those who keep it;
//! - fewer than two news items published in the month, a week before the month ends
//!   (resolution §2.2), to those who write news.
//!
//! The occasion is part of the key of the `reminders` table, written with the letters in one
//! transaction: a second run, on this instance or another, sends nothing again.

use std::collections::{BTreeMap, HashMap, HashSet};

use cabinet_core::Permission;
use cabinet_core::profile::{UNION_OFFSET, due_date};
use cabinet_forms::PeriodId;
use cabinet_storage::units::Unit;
use cabinet_storage::users::{self, Addressee};
use cabinet_storage::{forms, now_ms, reminders, reports, units};
use jiff::Zoned;
use serde_json::json;
use time::OffsetDateTime;

use super::Runner;
use crate::mail::Letter;
use crate::routes::reports::deadlines::{last_day, millis};
use crate::routes::reports::expects;

/// What one reminder says.
struct Reminder {
    kind: &'static str,
    occasion: String,
    subject: String,
    text: String,
    action: &'static str,
    path: String,
}

/// Sends every reminder due now; the number of letters queued.
pub(super) async fn run(runner: &Runner) -> Result<u64, String> {
    let db = &runner.db;
    let organizations: Vec<Unit> =
        units::list(db, Some(cabinet_core::UnitKind::Organization)).await.map_err(|e| e.to_string())?;
    let mut due: Vec<(String, Reminder)> = Vec::new();
    due.extend(reports_due(runner, &organizations).await?);
    due.extend(profiles_due(runner).await?);
    due.extend(news_due(runner).await?);
    if due.is_empty() {
        return Ok(0);
    }
    let mut holders: HashMap<&'static str, Vec<Addressee>> = HashMap::new();
    for (kind, permission) in
        [("report", Permission::ReportsFill), ("profile", Permission::ProfileEdit), ("news", Permission::NewsWrite)]
    {
        holders.insert(kind, users::holding(db, permission).await.map_err(|e| e.to_string())?);
    }
    let names: HashMap<String, String> =
        organizations.iter().map(|u| (u.id.to_string(), u.full_name.clone())).collect();
    let mut queued = 0;
    for (unit, reminder) in due {
        let to: Vec<&Addressee> =
            holders.get(reminder.kind).into_iter().flatten().filter(|a| a.unit_id.to_string() == unit).collect();
        let mut letters = Vec::new();
        for person in &to {
            let data = json!({
                "full_name": person.full_name,
                "organization": names.get(&unit).cloned().unwrap_or_default(),
                "subject": reminder.subject,
                "text": reminder.text,
                "action": reminder.action,
                "link": format!("{}{}", runner.config.public_url, reminder.path),
            });
            letters.push(runner.mailer.render(&person.email, Letter::Reminder, &data).map_err(|e| e.to_string())?);
        }
        // Recorded even with nobody to write to, so the occasion is not tried every hour.
        let occasion = reminders::Occasion {
            kind: reminder.kind,
            unit: &unit,
            key: &reminder.occasion,
            subject: &reminder.subject,
            path: &reminder.path,
        };
        if reminders::send_once(db, &occasion, &letters).await.map_err(|e| e.to_string())? {
            queued += letters.len() as u64;
        }
    }
    if queued > 0 {
        runner.jobs.wake();
    }
    Ok(queued)
}

/// Reports not sent whose reminder day or due day has come, for each organization expected to
/// send them.
async fn reports_due(runner: &Runner, organizations: &[Unit]) -> Result<Vec<(String, Reminder)>, String> {
    let db = &runner.db;
    let tz = &runner.forms.time_zone;
    let now = Zoned::now().with_time_zone(tz.clone());
    let now_ms = now_ms();
    let mut out = Vec::new();
    for stored in forms::newest(db).await.map_err(|e| e.to_string())? {
        let form = runner.forms.compiled(&stored).await.map_err(|e| e.to_string())?;
        let plugin = form.plugin();
        let Some(current) = cabinet_forms::period_for(&plugin.period, now.date()) else { continue };
        // The period being filled and the one before, whose due day may still be ahead.
        let periods: Vec<PeriodId> = [Some(current), current.previous()].into_iter().flatten().collect();
        for period in periods {
            let Some(d) = cabinet_forms::deadlines(&plugin.period, &period, tz) else { continue };
            let (due, locks) = (millis(&d.due), millis(&d.locks));
            // The newest reminder day that has come: after a day without the service it is still
            // sent, once, and an older one it stands for is not.
            let reminder_day = d.reminders.iter().rev().find(|r| millis(r) <= now_ms);
            let occasion = if now_ms >= due && now_ms < locks {
                Some(("overdue".to_owned(), true))
            } else if now_ms < due {
                reminder_day.map(|r| (format!("remind-{}", r.date()), false))
            } else {
                None
            };
            let Some((occasion, overdue)) = occasion else { continue };
            let key = reports::Key { form_id: plugin.id.clone(), period: period.to_string() };
            let sent: HashSet<String> = reminders::reported(db, &key.form_id, &key.period)
                .await
                .map_err(|e| e.to_string())?
                .into_iter()
                .collect();
            let exempt: HashSet<String> = reports::exemptions(db, &key)
                .await
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|g| g.unit_id)
                .collect();
            let extended: BTreeMap<String, i64> = reports::extensions(db, &key)
                .await
                .map_err(|e| e.to_string())?
                .into_iter()
                .map(|g| (g.unit_id, g.until_at))
                .collect();
            for unit in organizations {
                let id = unit.id.to_string();
                let waived = exempt.contains(&id) || (overdue && extended.get(&id).is_some_and(|&u| u > now_ms));
                if !expects(&plugin.reporters, unit) || sent.contains(&id) || waived {
                    continue;
                }
                // A one-off form has no period to name.
                let of = if period == PeriodId::Once { String::new() } else { format!(" за {}", period.label()) };
                let (subject, text) = if overdue {
                    (
                        format!("Отчёт «{}»{of} не отправлен в срок", plugin.title),
                        format!(
                            "Срок отправки отчёта «{}»{of} истёк: его нужно было отправить до конца дня {}. Отчёт \
                             ещё принимается до конца дня {} и будет отмечен как поданный с опозданием.",
                            plugin.title,
                            last_day(&d.due),
                            last_day(&d.locks),
                        ),
                    )
                } else {
                    (
                        format!("Напоминание: отчёт «{}»{of}", plugin.title),
                        format!(
                            "Отчёт «{}»{of} нужно отправить до конца дня {}. Он ещё не отправлен.",
                            plugin.title,
                            last_day(&d.due),
                        ),
                    )
                };
                out.push((
                    id,
                    Reminder {
                        kind: "report",
                        occasion: format!("{}:{}:{occasion}", key.form_id, key.period),
                        subject,
                        text,
                        action: "Заполнить отчёт",
                        path: format!("/reports/{}/{}", key.form_id, key.period),
                    },
                ));
            }
        }
    }
    Ok(out)
}

/// Organizations whose reference info was last confirmed (or, never confirmed, created) more
/// than a quarter ago: one reminder per lapse, keyed by the day the confirmation ran out.
async fn profiles_due(runner: &Runner) -> Result<Vec<(String, Reminder)>, String> {
    let now = OffsetDateTime::now_utc().to_offset(UNION_OFFSET);
    let mut out = Vec::new();
    for (unit, confirmed, created) in reminders::confirmations(&runner.db).await.map_err(|e| e.to_string())? {
        let since = confirmed.unwrap_or(created);
        let Ok(last) = OffsetDateTime::from_unix_timestamp(since / 1000) else { continue };
        let Some(due) = due_date(last, now) else { continue };
        if now.date() <= due {
            continue;
        }
        let text = match confirmed {
            Some(_) => format!(
                "Справочная информация организации не подтверждалась больше квартала: срок истёк {}. \
                 Проверьте её и нажмите «Данные актуальны» (п. 6.3 Положения).",
                crate::pages::when::day(&due.to_string())
            ),
            None => "Справочная информация организации ещё ни разу не подтверждалась. Проверьте её и нажмите \
                     «Данные актуальны» (п. 6.3 Положения)."
                .to_owned(),
        };
        out.push((
            unit,
            Reminder {
                kind: "profile",
                occasion: format!("lapsed-{due}"),
                subject: "Подтвердите справочную информацию организации".to_owned(),
                text,
                action: "Открыть справочную информацию",
                path: "/profile".to_owned(),
            },
        ));
    }
    Ok(out)
}

/// A week before the month ends, organizations that published fewer than two news items in it.
async fn news_due(runner: &Runner) -> Result<Vec<(String, Reminder)>, String> {
    let now = OffsetDateTime::now_utc().to_offset(UNION_OFFSET);
    let days_left = i64::from(now.month().length(now.year())) - i64::from(now.day());
    if days_left >= 7 {
        return Ok(Vec::new());
    }
    let Some(first) = now.date().replace_day(1).ok().map(|d| d.midnight().assume_offset(UNION_OFFSET)) else {
        return Ok(Vec::new());
    };
    let since = first.unix_timestamp() * 1000;
    let month = format!("{}-{:02}", now.year(), u8::from(now.month()));
    let mut out = Vec::new();
    for (unit, published) in reminders::news_published_since(&runner.db, since).await.map_err(|e| e.to_string())? {
        if published >= 2 {
            continue;
        }
        out.push((
            unit,
            Reminder {
                kind: "news",
                occasion: month.clone(),
                subject: "Новости организации за месяц".to_owned(),
                text: format!(
                    "В этом месяце опубликовано новостей: {published}, а каждая организация публикует не менее \
                     двух в месяц (п. 2.2 постановления). До конца месяца осталось дней: {}.",
                    days_left + 1
                ),
                action: "Написать новость",
                path: "/news".to_owned(),
            },
        ));
    }
    Ok(out)
}
