mod common;

use axum::http::StatusCode;
use common::*;

/// `/Persons?SearchTerm=`: people whose name contains the term, case and accents ignored,
/// by name, at most `Limit`, each a Person item; only with a token.
#[tokio::test]
async fn persons_search_by_name() {
    let s = Server::new();
    let token = s.token().await;
    let (movies, _) = s.libraries(&token).await;
    let all = s.all(&token, &movies, "Movie", "").await;
    let id = all[0]["Id"].as_str().unwrap();
    let movie = s.json(&format!("/Items/{id}"), &token).await;
    let person = movie["People"][0].clone();
    let name = person["Name"].as_str().unwrap().to_string();
    let last = name.split(' ').next_back().unwrap().to_uppercase();

    let found = s
        .json(&format!("/Persons?SearchTerm={}", urlencode(&last)), &token)
        .await;
    let people = items(&found);
    assert!(
        people
            .iter()
            .any(|p| p["Id"] == person["Id"] && p["Name"] == name),
        "{name} among {people:?}"
    );
    let names: Vec<&str> = people.iter().map(|p| p["Name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name");
    for p in people {
        assert_eq!(p["Type"], "Person");
        assert!(
            p["Name"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(&last.to_lowercase()),
            "{} does not contain {last}",
            p["Name"]
        );
    }
    assert_eq!(
        found["TotalRecordCount"].as_u64().unwrap() as usize,
        people.len()
    );

    let one = s
        .json(
            &format!("/Persons?SearchTerm={}&Limit=1", urlencode(&last)),
            &token,
        )
        .await;
    assert_eq!(items(&one).len(), 1);
    let none = s.json("/Persons?SearchTerm=qqqqzzzz", &token).await;
    assert!(items(&none).is_empty());
    assert_eq!(
        s.get("/Persons?SearchTerm=a", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
