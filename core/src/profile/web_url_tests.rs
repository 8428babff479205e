//! Web addresses and social pages: valid ones normalised, hostile ones refused.

use super::{SocialLink, SocialNetwork, WebUrl};

fn url(input: &str) -> WebUrl {
    WebUrl::parse(input).unwrap_or_else(|e| panic!("{input:?} refused: {}", e.message))
}

fn refusal(input: &str) -> (&'static str, String) {
    match WebUrl::parse(input) {
        Ok(u) => panic!("{input:?} accepted as {u}"),
        Err(e) => {
            assert_eq!(e.field, "website", "{input:?}");
            (e.code, e.message)
        }
    }
}

#[test]
fn plain_addresses_are_kept_with_the_host_lower_cased() {
    assert_eq!(url("https://przrf.ru").as_str(), "https://przrf.ru/");
    assert_eq!(url("  HTTPS://PrzRF.Ru/News?id=5#top ").as_str(), "https://przrf.ru/News?id=5#top");
    assert_eq!(url("http://www.example.ru:8080/a").as_str(), "http://www.example.ru:8080/a");
    assert_eq!(url("https://przrf.ru").host(), "przrf.ru");
    assert_eq!(url("https://przrf.ru").display(), "https://przrf.ru");
}

#[test]
fn idn_hosts_are_stored_in_ascii_and_shown_in_their_letters() {
    let site = url("https://ПРОФСОЮЗ.рф/новости");
    assert_eq!(site.host(), "xn--g1anacfhu6f.xn--p1ai");
    assert!(site.as_str().is_ascii(), "{}", site.as_str());
    assert_eq!(site.display(), "https://профсоюз.рф/новости");
    assert_eq!(url("https://xn--g1anacfhu6f.xn--p1ai/"), url("https://профсоюз.рф"));
}

#[test]
fn display_keeps_encoded_ascii_encoded() {
    let site = url("https://example.ru/a%2Fb%20c?q=%D0%B4");
    assert_eq!(site.display(), "https://example.ru/a%2Fb%20c?q=д");
}

#[test]
fn other_schemes_are_refused() {
    for input in [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "ftp://files.example.ru/report.pdf",
        "file:///etc/passwd",
        "vbscript:msgbox(1)",
        "mailto:info@przrf.ru",
    ] {
        let (code, message) = refusal(input);
        assert_eq!(code, "url_scheme", "{input:?}");
        assert!(message.contains("http://"), "{message}");
    }
    assert_eq!(refusal("https:przrf.ru").0, "url_scheme");
}

#[test]
fn relative_and_scheme_less_addresses_are_refused_with_a_suggestion() {
    let (code, message) = refusal("przrf.ru/news");
    assert_eq!(code, "url_relative");
    assert!(message.contains("https://przrf.ru/news"), "{message}");
    for input in ["/news/1", "//evil.example.com", "news", "www.przrf.ru:8080"] {
        assert_eq!(refusal(input).0, "url_relative", "{input:?}");
    }
}

#[test]
fn credentials_before_the_host_are_refused() {
    for input in [
        "https://user:pass@przrf.ru/",
        "https://admin@przrf.ru",
        "https://przrf.ru@evil.example.com/",
        "https://@przrf.ru",
    ] {
        assert_eq!(refusal(input).0, "url_userinfo", "{input:?}");
    }
    assert_eq!(url("https://przrf.ru/news?author=a@b.ru").host(), "przrf.ru");
}

#[test]
fn hidden_characters_and_spaces_are_refused() {
    for input in [
        "https://przrf.ru/\nSet-Cookie:x",
        "https://przrf.ru/\tnews",
        "https://przrf.ru/\u{0}",
        "https://przrf.ru/\u{202e}fdp.exe",
        "https://prz\u{200b}rf.ru",
        "https://przrf.ru/a b",
        "https:\\\\przrf.ru",
    ] {
        assert_eq!(refusal(input).0, "url_characters", "{input:?}");
    }
}

#[test]
fn hosts_must_be_public_domain_names() {
    for input in
        ["http://localhost/", "http://127.0.0.1/", "http://[::1]/", "http://192.168.0.1:8080/admin", "https://intranet"]
    {
        assert_eq!(refusal(input).0, "url_host", "{input:?}");
    }
    for input in ["https://", "https:///path", "https://exa mple.ru", "https://przrf.ru:99999/", "https://a<b.ru/"] {
        let (code, _) = refusal(input);
        assert!(["invalid_url", "url_characters", "url_host"].contains(&code), "{input:?}: {code}");
    }
}

#[test]
fn addresses_longer_than_two_thousand_characters_are_refused() {
    let base = "https://przrf.ru/";
    assert!(WebUrl::parse(&format!("{base}{}", "a".repeat(WebUrl::MAX_LEN - base.len()))).is_ok());
    let (code, message) = refusal(&format!("{base}{}", "a".repeat(WebUrl::MAX_LEN - base.len() + 1)));
    assert_eq!(code, "too_long");
    assert!(message.contains("2001") && message.contains("2000"), "{message}");
    // Short as typed, too long once its Cyrillic is percent-encoded (6 characters a letter).
    assert_eq!(refusal(&format!("{base}{}", "д".repeat(400))).0, "too_long");
}

#[test]
fn social_networks_are_recognised_by_host_only() {
    for (input, network) in [
        ("https://vk.com/przrf", SocialNetwork::Vk),
        ("https://m.vk.com/przrf", SocialNetwork::Vk),
        ("https://vk.ru/przrf", SocialNetwork::Vk),
        ("https://t.me/przrf", SocialNetwork::Telegram),
        ("https://ok.ru/group/123", SocialNetwork::Ok),
        ("https://www.youtube.com/@przrf", SocialNetwork::YouTube),
        ("https://youtu.be/xyz", SocialNetwork::YouTube),
        ("https://rutube.ru/channel/1/", SocialNetwork::Rutube),
        ("https://dzen.ru/przrf", SocialNetwork::Dzen),
        ("https://VK.COM./przrf", SocialNetwork::Vk),
    ] {
        let link = SocialLink::parse(input).unwrap_or_else(|e| panic!("{input:?}: {}", e.message));
        assert_eq!(link.network(), Some(network), "{input:?}");
    }
    for input in
        ["https://evilvk.com/", "https://vk.com.evil.ru/", "https://example.ru/vk.com", "https://t.me.example.ru/"]
    {
        assert_eq!(SocialLink::parse(input).unwrap().network(), None, "{input:?}");
    }
    assert_eq!(SocialNetwork::Ok.label(), "Одноклассники");
}

#[test]
fn social_links_refuse_like_web_addresses_under_their_own_field() {
    let err = SocialLink::parse("javascript:alert(1)").unwrap_err();
    assert_eq!((err.field.as_str(), err.code), ("social", "url_scheme"));
}
