//! The units a form offers and the names the lists show: every unit for those who manage units
//! (read through the units API), otherwise only the visitor's own.

use cabinet_core::Permission;
use cabinet_storage::units as stored;

use crate::App;
use crate::auth::Staff;
use crate::pages::reply::PageError;
use crate::pages::visitor::Visitor;
use crate::routes::units;
use crate::views::UnitView;

pub(super) struct Units(Vec<UnitView>);

impl Units {
    pub(super) async fn reachable(app: &App, visitor: &Visitor, staff: &Staff) -> Result<Units, PageError> {
        if visitor.may(Permission::UnitsManage) {
            return Ok(Units(units::list(app.into(), staff.clone(), None).await?.into_inner()));
        }
        let own = stored::get(&app.db, staff.actor().unit.id).await?;
        Ok(Units(vec![own.into()]))
    }

    /// The list with the units of these ids added, for naming what a visitor who does not manage
    /// units still sees (the users and tokens of other units).
    pub(super) async fn naming(mut self, app: &App, ids: &[&str]) -> Result<Units, PageError> {
        for id in ids {
            let Ok(unit) = id.parse() else { continue };
            if !self.0.iter().any(|u| u.id == *id) {
                self.0.push(stored::get(&app.db, unit).await?.into());
            }
        }
        Ok(self)
    }

    /// (id, label) of every unit, after an empty choice labelled `empty` when given.
    pub(super) fn choices(&self, empty: Option<&str>) -> Vec<(String, String)> {
        let none = empty.map(|label| (String::new(), label.to_owned()));
        none.into_iter().chain(self.0.iter().map(|u| (u.id.clone(), label(u)))).collect()
    }

    /// The unit's short name, or its id when it is out of the list.
    pub(super) fn name(&self, id: &str) -> String {
        self.0.iter().find(|u| u.id == id).map_or_else(|| id.to_owned(), |u| u.short_name.clone())
    }
}

fn label(u: &UnitView) -> String {
    let kind = match u.kind.as_str() {
        "organization" => "организация",
        "department" => "управление",
        _ => "ЦК Профсоюза",
    };
    format!("{} ({kind})", u.short_name)
}
