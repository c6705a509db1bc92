//! Word lists and the little grammars that turn them into titles, people and overviews.
//! Some entries are deliberately unicode (accents, CJK, Cyrillic) or contain markup-like text,
//! so the client's text handling gets exercised by ordinary browsing.

use crate::library::rng::Rng;

pub const GENRES: [&str; 15] = [
    "Action",
    "Adventure",
    "Animation",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Family",
    "Fantasy",
    "History",
    "Horror",
    "Mystery",
    "Romance",
    "Science Fiction",
    "Thriller",
];

pub const STUDIOS: [&str; 18] = [
    "Northlight Pictures",
    "Blue Harbor Films",
    "Meridian Studios",
    "Paper Lantern",
    "Studio Kumo",
    "Ironwood Entertainment",
    "Red Fern Productions",
    "Silver Birch Media",
    "Quiet Owl Films",
    "Atlas & Crane",
    "Nordisk Lys",
    "Cinéma du Sud",
    "Halcyon Television",
    "Granite Peak",
    "Lumen House",
    "Old Mill Studios",
    "Vesper Films",
    "Tidewater Pictures",
];

pub const MOVIE_RATINGS: [&str; 6] = ["G", "PG", "PG-13", "R", "NC-17", "NR"];
pub const TV_RATINGS: [&str; 5] = ["TV-Y", "TV-G", "TV-PG", "TV-14", "TV-MA"];

pub const TAGS: [&str; 10] = [
    "based on novel",
    "cult classic",
    "slow burn",
    "heist",
    "road trip",
    "coming of age",
    "time travel",
    "small town",
    "ensemble cast",
    "black and white",
];

/// Valid BlurHash strings (from the BlurHash reference implementation's examples).
pub const BLURHASHES: [&str; 4] = [
    "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
    "LGF5]+Yk^6#M@-5c,1J5@[or[Q6.",
    "L6PZfSi_.AyE_3t7t7R**0o#DgR4",
    "LKN]Rv%2Tw=w]~RBVZRi};RPxuwH",
];

const ADJECTIVES: [&str; 48] = [
    "Silent",
    "Broken",
    "Golden",
    "Hidden",
    "Last",
    "Crimson",
    "Distant",
    "Electric",
    "Frozen",
    "Hollow",
    "Infinite",
    "Little",
    "Lost",
    "Midnight",
    "Northern",
    "Pale",
    "Quiet",
    "Restless",
    "Scarlet",
    "Secret",
    "Shattered",
    "Silver",
    "Sleeping",
    "Stolen",
    "Strange",
    "Summer",
    "Sunken",
    "Velvet",
    "Wandering",
    "Wild",
    "Winter",
    "Burning",
    "Bright",
    "Dark",
    "Endless",
    "Forgotten",
    "Glass",
    "Iron",
    "Lonely",
    "Neon",
    "Paper",
    "Painted",
    "Rising",
    "Salt",
    "Savage",
    "Second",
    "Tender",
    "Violet",
];

const NOUNS: [&str; 60] = [
    "River",
    "Garden",
    "Empire",
    "Harbor",
    "Kingdom",
    "Letter",
    "Lighthouse",
    "Machine",
    "Mirror",
    "Mountain",
    "Orchard",
    "Promise",
    "Road",
    "Shadow",
    "Signal",
    "Storm",
    "Tide",
    "Tower",
    "Valley",
    "Voyage",
    "Witness",
    "Window",
    "Heart",
    "Hour",
    "Island",
    "Key",
    "Line",
    "Map",
    "Moon",
    "Night",
    "Ocean",
    "Passenger",
    "Path",
    "Pilot",
    "Prince",
    "Queen",
    "Rain",
    "Room",
    "Season",
    "Sky",
    "Song",
    "Station",
    "Stranger",
    "Sun",
    "Thief",
    "Train",
    "Truth",
    "Wave",
    "Wolf",
    "Year",
    "Bridge",
    "Circus",
    "Colony",
    "Dance",
    "Dream",
    "Echo",
    "Field",
    "Fire",
    "Frontier",
    "Game",
];

const PLACES: [&str; 24] = [
    "Paris",
    "Lisbon",
    "Kyoto",
    "Cairo",
    "Oslo",
    "Havana",
    "Marseille",
    "Tangier",
    "Prague",
    "Reykjavík",
    "São Paulo",
    "Kraków",
    "Zürich",
    "Montréal",
    "Málaga",
    "Istanbul",
    "Seoul",
    "Dublin",
    "Vienna",
    "Naples",
    "Bergen",
    "Tbilisi",
    "Valparaíso",
    "Hanoi",
];

const FIRST_NAMES: [&str; 48] = [
    "Anna", "Ben", "Chloé", "Daniel", "Elena", "Felix", "Grace", "Hugo", "Ingrid", "Jonas",
    "Keiko", "Liam", "Maja", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samuel", "Tove",
    "Umar", "Vera", "William", "Ximena", "Yusuf", "Zoë", "Amélie", "Björn", "Camila", "Dmitri",
    "Emeka", "Farah", "Gustav", "Hana", "Isabel", "Jae-won", "Kofi", "Léa", "Mateo", "Niamh",
    "Olga", "Paolo", "Renée", "Sven", "Tomás", "Ulla", "Viktor", "Yuki",
];

const LAST_NAMES: [&str; 48] = [
    "Andersen",
    "Baker",
    "Castillo",
    "Dubois",
    "Eriksson",
    "Fischer",
    "García",
    "Hoffmann",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "O'Brien",
    "Petrov",
    "Quinn",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Uribe",
    "Van Dijk",
    "Walsh",
    "Xu",
    "Yamamoto",
    "Zhang",
    "Ødegaard",
    "Brontë",
    "Çelik",
    "Novák",
    "Müller",
    "Sørensen",
    "Acheampong",
    "Bianchi",
    "Costa",
    "Delacroix",
    "Esposito",
    "Fontaine",
    "Gallagher",
    "Haddad",
    "Iglesias",
    "Jovanović",
    "Kim",
    "Lindqvist",
    "Mbeki",
    "Nieminen",
    "Okafor",
    "Park",
];

/// Titles that make sure non-ASCII text and sorting show up in every library.
pub const UNICODE_TITLES: [&str; 14] = [
    "Amélie",
    "東京物語",
    "Ærø",
    "Crème Brûlée",
    "Smörgåsbord",
    "Ñandú",
    "Zoë's Café",
    "Ça ira",
    "Mañana",
    "Straße der Sehnsucht",
    "Отражение",
    "Ο Δρόμος",
    "서울의 밤",
    "Łódź Nocą",
];

const SERIES_WORDS: [&str; 12] = [
    "Chronicles",
    "Files",
    "Diaries",
    "Station",
    "Academy",
    "Heights",
    "Legacy",
    "Protocol",
    "Society",
    "Frontier",
    "Case Files",
    "Saga",
];

fn article(word: &str) -> &'static str {
    if word.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "An"
    } else {
        "A"
    }
}

pub fn person_name(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(&FIRST_NAMES), rng.pick(&LAST_NAMES))
}

pub fn first_name(rng: &mut Rng) -> &'static str {
    FIRST_NAMES[rng.below(FIRST_NAMES.len())]
}

pub fn movie_title(rng: &mut Rng) -> String {
    if rng.chance(0.02) {
        return rng.pick(&UNICODE_TITLES).to_string();
    }
    let adj = rng.pick(&ADJECTIVES);
    let noun = rng.pick(&NOUNS);
    let title = match rng.below(10) {
        0 | 1 => format!("The {adj} {noun}"),
        2 => format!("{} {noun} in {}", article(noun), rng.pick(&PLACES)),
        3 => format!("{noun} of the {}", rng.pick(&NOUNS)),
        4 => format!("{}'s {noun}", rng.pick(&FIRST_NAMES)),
        5 => format!("The {noun}"),
        6 => format!("{adj} {noun} & {}", rng.pick(&NOUNS)),
        7 => format!("{} {noun} for {}", article(noun), rng.pick(&FIRST_NAMES)),
        _ => format!("{adj} {noun}"),
    };
    match rng.below(30) {
        0 => format!("{title} II"),
        1 => format!("{title}: Part Two"),
        2 => format!("{title} 3"),
        _ => title,
    }
}

pub fn series_title(rng: &mut Rng) -> String {
    if rng.chance(0.03) {
        return rng.pick(&UNICODE_TITLES).to_string();
    }
    match rng.below(5) {
        0 => format!("The {} {}", rng.pick(&NOUNS), rng.pick(&SERIES_WORDS)),
        1 => format!("{} {}", rng.pick(&PLACES), rng.pick(&SERIES_WORDS)),
        2 => format!("{} {}", rng.pick(&ADJECTIVES), rng.pick(&NOUNS)),
        3 => format!("The {}", rng.pick(&NOUNS)),
        _ => format!("{} & {}", rng.pick(&FIRST_NAMES), rng.pick(&FIRST_NAMES)),
    }
}

pub fn episode_title(rng: &mut Rng, season: i32, index: i32) -> String {
    if season == 1 && index == 1 && rng.chance(0.5) {
        return "Pilot".to_string();
    }
    match rng.below(6) {
        0 => format!("The {}", rng.pick(&NOUNS)),
        1 => format!("{} {}", rng.pick(&ADJECTIVES), rng.pick(&NOUNS)),
        2 => format!("Return to {}", rng.pick(&PLACES)),
        3 => format!("{}'s {}", rng.pick(&FIRST_NAMES), rng.pick(&NOUNS)),
        4 => {
            let noun = rng.pick(&NOUNS);
            format!("{} {noun} Apart", article(noun))
        }
        _ => format!("{} & {}", rng.pick(&NOUNS), rng.pick(&NOUNS)),
    }
}

pub fn tagline(rng: &mut Rng) -> String {
    let noun = rng.pick(&NOUNS).to_lowercase();
    match rng.below(5) {
        0 => format!("Every {noun} has a price."),
        1 => format!("Some {noun}s are never found."),
        2 => format!("The {noun} is only the beginning."),
        3 => format!("One night. One {noun}. No way back."),
        _ => format!("Nobody remembers the {noun}."),
    }
}

/// An overview; a few contain HTML-looking text and ampersands, which clients must show as text.
pub fn overview(rng: &mut Rng, name: &str) -> String {
    let who = person_name(rng);
    let place = rng.pick(&PLACES);
    let noun = rng.pick(&NOUNS).to_lowercase();
    let adj = rng.pick(&ADJECTIVES).to_lowercase();
    let mut text = match rng.below(4) {
        0 => format!(
            "When a {adj} {noun} turns up in {place}, {who} must decide how much of the past is worth saving."
        ),
        1 => format!(
            "{who} returns to {place} after twenty years, only to find the {noun} she left behind is {adj} and waiting."
        ),
        2 => format!(
            "In the {adj} winter of {place}, a retired pilot and a young thief chase the same {noun}."
        ),
        _ => format!(
            "\"{name}\" follows {who} through one {adj} week in {place}, where every {noun} hides a second story."
        ),
    };
    match rng.below(40) {
        0 => text.push_str(" <b>Winner</b> of three festival awards."),
        1 => text.push_str(" <script>alert(1)</script> Not for the faint of heart."),
        2..=4 => text.push_str(" A story of love & loss, fathers & daughters."),
        5 => text.push_str("\n\nBased on the novel by the same author."),
        _ => {}
    }
    text
}

/// Jellyfin's default sort name: lowercase, leading articles dropped.
pub fn sort_name(name: &str) -> String {
    let lower = name.trim().to_lowercase();
    for article in ["the ", "an ", "a "] {
        if let Some(rest) = lower.strip_prefix(article) {
            if !rest.trim().is_empty() {
                return rest.trim_start().to_string();
            }
        }
    }
    lower
}

/// Lowercase with common Latin diacritics removed, so `amelie` finds "Amélie" as Jellyfin does.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'č' | 'ć' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ę' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
            'ù' | 'ú' | 'û' | 'ü' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'ł' => "l",
            'š' | 'ś' => "s",
            'ž' | 'ź' | 'ż' => "z",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(mapped);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_names_drop_articles() {
        assert_eq!(sort_name("The Silent River"), "silent river");
        assert_eq!(sort_name("A Key in Oslo"), "key in oslo");
        assert_eq!(sort_name("Amélie"), "amélie");
        assert_eq!(sort_name("The"), "the");
        assert_eq!(fold("Amélie Ærø"), "amelie aero");
    }
}
