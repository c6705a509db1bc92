//! End-to-end: the built app against the demo server in real headless Chromium.
use e2e::browser::WAIT;

use e2e::thirtyfour::prelude::*;
use e2e::{log_in, screenshot, texts, wait_for, ChromeDriver, DemoServer};

#[tokio::test]
async fn logging_in_as_demo_shows_the_libraries() {
    let server = DemoServer::start(&["--movies", "50", "--shows", "5"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;

    log_in(&driver, &server, "demo", "demo").await;
    let names = wait_for("the library list on Home", WAIT, || async {
        let names = texts(
            &driver,
            "main[data-page='home'] .library-list [data-item-id]",
        )
        .await;
        (names.len() >= 2).then_some(names)
    })
    .await;
    screenshot(&driver, "home-libraries").await;
    assert!(names.contains(&"Movies".to_string()), "{names:?}");
    assert!(names.contains(&"Shows".to_string()), "{names:?}");

    // A reload stays logged in: the session comes from IndexedDB, not from the form.
    driver.refresh().await.unwrap();
    wait_for("Home after a reload", WAIT, || async {
        let names = texts(
            &driver,
            "main[data-page='home'] .library-list [data-item-id]",
        )
        .await;
        (names.len() >= 2).then_some(())
    })
    .await;
    driver.quit().await.unwrap();
}

#[tokio::test]
async fn a_wrong_password_says_so_on_the_form() {
    let server = DemoServer::start(&["--movies", "10", "--shows", "2"]);
    let chrome = ChromeDriver::start();
    let driver = chrome.browser().await;

    log_in(&driver, &server, "demo", "not-the-password").await;
    let message = wait_for("the login error", WAIT, || async {
        let text = texts(&driver, "main[data-page='login'] [role='alert']")
            .await
            .join(" ");
        (!text.is_empty()).then_some(text)
    })
    .await;
    assert!(message.contains("Wrong user name or password"), "{message}");
    // Still on the login page, with what was typed kept.
    let user = driver
        .find(By::Name("username"))
        .await
        .unwrap()
        .value()
        .await
        .unwrap();
    assert_eq!(user.as_deref(), Some("demo"));
    driver.quit().await.unwrap();
}
