//! A report form from the department's upload to the aggregated table (§7): the department
//! uploads a form (a broken file first, every problem listed), an organization fills it on the
//! page generated from the form — rows added, problems shown at their fields, a warning
//! explained — and submits; the department returns it with a remark at a field, the
//! organization corrects it, the department sees the change and accepts; the table, its
//! downloads and the charts.

use cabinet_tests::forms::plugin;
use rocket::http::{Method, Status};
use serde_json::json;

use crate::harness::{Browser, STAFF_PASSWORD, Site, TempDir};

journeys!(a_report_goes_from_the_uploaded_form_to_the_table);

const FORM: &str = "Сведения о членстве (проверочная форма)";
const WARNING: &str = "В первичных организациях членов больше, чем всего в организации. Объясните расхождение.";

async fn a_report_goes_from_the_uploaded_form_to_the_table(site: &Site, user: &Browser) {
    let admin = site.app.admin().await;
    let department = site.app.department(&admin, "organizational").await;
    let reviewer = site.person(&department, &["forms.define", "reports.review"]).await;
    let kazan = site.app.organization(&admin, "kazan").await;
    let filler = site.person(&kazan, &["reports.fill"]).await;
    let samara = site.app.organization(&admin, "samara").await;
    let (_, samara_filler) = site.app.staff(&admin, &samara, &["reports.fill"]).await;
    let files = TempDir::new("forms");
    let broken = files.0.join("форма-с-ошибкой.json");
    let mut wrong = plugin("membership", "organizational", 1);
    wrong["schema"]["properties"]["members"]["properties"]["total"]["type"] = json!("integr");
    std::fs::write(&broken, wrong.to_string()).expect("a file");
    let good = files.0.join("форма.json");
    std::fs::write(&good, plugin("membership", "organizational", 1).to_string()).expect("a file");

    // The department uploads the form: the broken file is refused with each problem's place.
    user.sign_in(&reviewer, STAFF_PASSWORD).await;
    user.visit("/forms").await;
    user.snapshot("forms-before-upload").await;
    user.upload("Файл формы (JSON)", &broken).await;
    user.press("Проверить и загрузить").await;
    user.see("/schema/properties/members/properties/total/type").await;
    user.snapshot("forms-upload-refused").await;
    user.upload("Файл формы (JSON)", &good).await;
    user.press("Проверить и загрузить").await;
    let done = user.flash().await;
    assert!(done.contains("версии 1 принята"), "{done}");
    user.see(FORM).await;
    user.snapshot("forms").await;
    user.sign_out().await;

    // Another organization reports through the API, so the table has two.
    let period = {
        let (_, dept) = site.app.login(&reviewer, STAFF_PASSWORD).await;
        let forms = site.app.get("/api/v1/forms", dept.as_ref()).await.expect(Status::Ok);
        let list = forms.body.as_array().expect("a list");
        let ours = list.iter().find(|f| f["id"] == "membership").expect("the form is listed");
        ours["current_period"].as_str().expect("an open period").to_owned()
    };
    let path = format!("/api/v1/units/{samara}/reports/membership/{period}");
    let data = json!({ "members": { "total": 200, "women": 130 }, "status": "active" });
    let body = json!({ "revision": 0, "data": data });
    site.app.call(Method::Put, &path, Some(&body), Some(&samara_filler)).await.expect(Status::Ok);
    site.app.post(&format!("{path}/submit"), json!({ "revision": 1 }), Some(&samara_filler)).await.expect(Status::Ok);

    // The organization fills the report: a row is added, each problem shows at its field.
    user.sign_in(&filler, STAFF_PASSWORD).await;
    user.visit("/reports").await;
    user.snapshot("reports").await;
    user.follow(FORM).await;
    user.see("Раздел 1. Численность").await;
    user.snapshot("report-empty").await;
    user.fill("Всего членов Профсоюза", "10").await;
    user.press("Добавить строку: Первичные организации").await;
    user.fill("Из них женщин", "20").await;
    user.fill("Членов Профсоюза, строка 1", "5").await;
    user.press("Отправить в управление").await;
    user.see("Что мешает отправить отчёт").await;
    let refusal = user.field_error("Из них женщин").await;
    assert!(refusal.contains("Женщин не может быть больше"), "{refusal}");
    let refusal = user.field_error("Название, строка 1").await;
    assert!(!refusal.trim().is_empty(), "the empty name is said at it");
    user.snapshot("report-errors").await;

    // Fixed, the warning must be explained before the report goes.
    user.fill("Всего членов Профсоюза", "100").await;
    user.fill("Из них женщин", "50").await;
    user.select("Состояние организации", "Действует").await;
    user.fill("Название, строка 1", "Городская больница № 1").await;
    user.fill("Членов Профсоюза, строка 1", "120").await;
    user.press("Отправить в управление").await;
    user.see("предупреждения (1) не пояснены").await;
    user.snapshot("report-warning").await;
    user.fill(WARNING, "В первичных организациях учтены совместители.").await;
    user.press("Отправить в управление").await;
    let done = user.flash().await;
    assert!(done.contains("отправлен в управление"), "{done}");
    user.snapshot("report-submitted").await;
    user.sign_out().await;

    // The department sees who reported and returns the report with a remark at a field.
    user.sign_in(&reviewer, STAFF_PASSWORD).await;
    user.visit("/forms").await;
    user.follow(&format!("{period} г.")).await;
    user.see("ждут проверки").await;
    user.snapshot("completeness").await;
    user.follow("kazan").await;
    assert_eq!(user.value("Название, строка 1").await, "Городская больница № 1");
    user.snapshot("review").await;
    user.fill("Причина возврата", "Уточните численность.").await;
    user.select("Поле замечания 1", "Из них женщин").await;
    user.fill("Что исправить по замечанию 1", "Сверьте с данными отдела кадров.").await;
    user.press("Вернуть на доработку").await;
    let done = user.flash().await;
    assert!(done.contains("возвращён на доработку"), "{done}");
    user.sign_out().await;

    // The organization sees the remark at its field, corrects and sends again.
    user.sign_in(&filler, STAFF_PASSWORD).await;
    user.visit(&format!("/reports/membership/{period}")).await;
    user.see("Управление вернуло отчёт на доработку: Уточните численность.").await;
    user.see("Замечание управления: Сверьте с данными отдела кадров.").await;
    user.snapshot("report-returned").await;
    user.fill("Из них женщин", "48").await;
    user.press("Отправить в управление").await;
    let done = user.flash().await;
    assert!(done.contains("отправлен в управление"), "{done}");
    user.sign_out().await;

    // The department sees what changed and accepts; then the table, its files and charts.
    user.sign_in(&reviewer, STAFF_PASSWORD).await;
    user.visit(&format!("/forms/membership/{period}/reports/{kazan}")).await;
    user.see("Изменено с прошлой отправки").await;
    user.see("было «50», стало «48»").await;
    user.snapshot("review-changes").await;
    user.press("Принять отчёт").await;
    let done = user.flash().await;
    assert!(done.contains("принят"), "{done}");
    user.visit(&format!("/forms/membership/{period}")).await;
    user.follow("Сводная таблица и диаграммы").await;
    user.see("Итого по Профсоюзу").await;
    user.see("Действует").await;
    user.see("Данные диаграммы таблицей").await;
    // The bars across organizations are drawn: a bar's label for each and the union's total.
    let bars = user.text_of("svg.chart-bars").await;
    assert!(bars.contains("kazan") && bars.contains("samara") && bars.contains("Итого по Профсоюзу"), "{bars}");
    user.snapshot("report-table").await;
    let (status, kind, bytes) = user.download("Скачать XLSX").await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(bytes.starts_with(b"PK"), "a workbook");
    let (status, kind, bytes) = user.download("Скачать CSV").await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/csv"), "{kind}");
    let csv = String::from_utf8_lossy(&bytes);
    assert!(csv.contains("kazan") && csv.contains("samara"), "{csv}");
}
