//! Pages in social networks (§6.2): web addresses, labelled with the network when its host is
//! one we recognise.

use serde::Serialize;

use super::WebUrl;
use crate::Invalid;

/// A network whose pages get a label and an icon on the organization's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SocialNetwork {
    Vk,
    Telegram,
    Ok,
    YouTube,
    Rutube,
    Dzen,
}

/// Hosts of each network; a page on the host itself or on any of its subdomains counts.
const HOSTS: [(SocialNetwork, &[&str]); 6] = [
    (SocialNetwork::Vk, &["vk.com", "vk.ru", "vkontakte.ru"]),
    (SocialNetwork::Telegram, &["t.me", "telegram.me", "telegram.dog"]),
    (SocialNetwork::Ok, &["ok.ru", "odnoklassniki.ru"]),
    (SocialNetwork::YouTube, &["youtube.com", "youtu.be"]),
    (SocialNetwork::Rutube, &["rutube.ru"]),
    (SocialNetwork::Dzen, &["dzen.ru", "zen.yandex.ru"]),
];

impl SocialNetwork {
    /// The network a page belongs to, by its host: `m.vk.com` is VK, `evilvk.com` is not.
    pub fn of(url: &WebUrl) -> Option<Self> {
        let host = url.host().trim_end_matches('.');
        HOSTS.iter().find_map(|(network, hosts)| {
            hosts
                .iter()
                .any(|h| host == *h || host.strip_suffix(h).is_some_and(|sub| sub.ends_with('.')))
                .then_some(*network)
        })
    }

    /// The name shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Vk => "ВКонтакте",
            Self::Telegram => "Telegram",
            Self::Ok => "Одноклассники",
            Self::YouTube => "YouTube",
            Self::Rutube => "Rutube",
            Self::Dzen => "Дзен",
        }
    }
}

/// A social page: any `http(s)` page, with the network when it is recognised.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SocialLink {
    url: WebUrl,
    network: Option<SocialNetwork>,
}

impl SocialLink {
    /// Reads one page address; refusals are reported under the field `social`.
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let url = WebUrl::parse(input).map_err(|e| e.at("social"))?;
        Ok(Self::from(url))
    }

    pub fn url(&self) -> &WebUrl {
        &self.url
    }

    pub fn network(&self) -> Option<SocialNetwork> {
        self.network
    }
}

impl From<WebUrl> for SocialLink {
    fn from(url: WebUrl) -> Self {
        let network = SocialNetwork::of(&url);
        Self { url, network }
    }
}
