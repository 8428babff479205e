//! What a person sees at an address that leads nowhere.

use crate::harness::{Browser, Site};

journeys!(an_unknown_address_shows_the_russian_not_found_page);

async fn an_unknown_address_shows_the_russian_not_found_page(_: &Site, user: &Browser) {
    user.visit("/no-such-page").await;
    assert_eq!(user.status().await, 404);
    user.see("Страница не найдена").await;
    user.see("Страница или запись не найдена.").await;
    assert!(user.title().await.starts_with("Страница не найдена"), "{}", user.title().await);
    user.snapshot("not-found").await;
}
