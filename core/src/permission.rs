//! The fixed list of permissions the code knows; roles (§1.13) are named sets of them.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! permissions {
    ($($variant:ident => $code:literal, $label:literal;)*) => {
        /// One thing a role may allow. The code (`news.write`) is stable and stored; the label is
        /// what the administrator reads.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Permission {
            $($variant,)*
        }

        impl Permission {
            pub const ALL: &'static [Permission] = &[$(Permission::$variant,)*];

            pub fn code(self) -> &'static str {
                match self {
                    $(Permission::$variant => $code,)*
                }
            }

            pub fn label(self) -> &'static str {
                match self {
                    $(Permission::$variant => $label,)*
                }
            }
        }

        impl FromStr for Permission {
            type Err = UnknownPermission;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($code => Ok(Permission::$variant),)*
                    other => Err(UnknownPermission(other.to_owned())),
                }
            }
        }
    };
}

permissions! {
    ProfileEdit => "profile.edit", "Ведение справочной информации организации";
    NewsWrite => "news.write", "Подготовка новостей и фотогалерей";
    NewsModerate => "news.moderate", "Модерация новостей";
    MediaUpload => "media.upload", "Загрузка фотографий и документов";
    AppealsAnswer => "appeals.answer", "Работа с обращениями граждан";
    ReportsFill => "reports.fill", "Заполнение и отправка отчётов";
    ReportsReview => "reports.review", "Проверка и сводка отчётов";
    FormsDefine => "forms.define", "Создание форм отчётности";
    MaterialsPublish => "materials.publish", "Рассылка информационных материалов";
    UnitsManage => "units.manage", "Управление организациями и управлениями";
    UsersManage => "users.manage", "Управление пользователями";
    RolesManage => "roles.manage", "Настройка ролей";
    TokensManage => "tokens.manage", "Выдача API-токенов";
    AuditRead => "audit.read", "Просмотр журнала аудита";
    MaterialsRead => "materials.read", "Чтение информационных материалов ЦК";
    AccessRequest => "access.request", "Подача заявок на подключение пользователей";
    ServiceOperate => "service.operate", "Эксплуатация: письма, фоновые задания, технические работы";
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Permission {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Permission {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        code.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("неизвестное право «{0}»")]
pub struct UnknownPermission(pub String);

/// The permissions of an actor or a role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PermissionSet(BTreeSet<Permission>);

impl PermissionSet {
    pub fn empty() -> Self {
        Self::default()
    }

    pub fn all() -> Self {
        Permission::ALL.iter().copied().collect()
    }

    pub fn contains(&self, p: Permission) -> bool {
        self.0.contains(&p)
    }

    pub fn is_subset(&self, other: &PermissionSet) -> bool {
        self.0.is_subset(&other.0)
    }

    pub fn extend(&mut self, other: &PermissionSet) {
        self.0.extend(other.0.iter().copied());
    }

    pub fn iter(&self) -> impl Iterator<Item = Permission> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Stored form: a JSON array of codes, the same text on both SQL backends.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Reads the stored form, ignoring codes this build no longer knows rather than failing a login.
    pub fn from_json_lenient(text: &str) -> Self {
        let codes: Vec<String> = serde_json::from_str(text).unwrap_or_default();
        codes.iter().filter_map(|c| c.parse().ok()).collect()
    }
}

impl FromIterator<Permission> for PermissionSet {
    fn from_iter<I: IntoIterator<Item = Permission>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_and_is_unique() {
        let mut seen = BTreeSet::new();
        for p in Permission::ALL {
            assert_eq!(p.code().parse::<Permission>().unwrap(), *p);
            assert!(seen.insert(p.code()), "duplicate code {}", p.code());
            assert!(!p.label().is_empty());
        }
    }

    #[test]
    fn stored_form_round_trips_and_skips_unknown_codes() {
        let set: PermissionSet = [Permission::NewsWrite, Permission::AuditRead].into_iter().collect();
        assert_eq!(PermissionSet::from_json_lenient(&set.to_json()), set);
        let old = r#"["news.write","retired.permission"]"#;
        assert_eq!(PermissionSet::from_json_lenient(old), [Permission::NewsWrite].into_iter().collect());
    }
}
