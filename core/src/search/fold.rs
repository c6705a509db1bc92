//! Case and diacritic folding for search: "Amélie" and "AMELIE" both read "amelie".
//!
//! A hand-written table for Latin-1 and Latin Extended-A (the letters European titles use);
//! ligatures become their letters ("æ" -> "ae", "ß" -> "ss"). Other scripts are lowercased
//! and kept, so "日本" still matches itself.

/// Appends the folded form of `c` to `out`.
pub fn fold_char_into(c: char, out: &mut String) {
    for lower in c.to_lowercase() {
        match lower {
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ß' => out.push_str("ss"),
            'þ' => out.push_str("th"),
            'ĳ' => out.push_str("ij"),
            // Combining accents (decomposed text, "İ" lowercased) add nothing to a letter.
            '\u{300}'..='\u{36f}' => {}
            other => out.push(base_letter(other)),
        }
    }
}

/// The folded form of a whole text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char_into(c, &mut out);
    }
    out
}

/// The unaccented letter of a lowercase Latin-1 or Latin Extended-A letter (others unchanged).
fn base_letter(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' | 'ð' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' | 'ĸ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents_of_real_titles() {
        assert_eq!(fold("Amélie"), "amelie");
        assert_eq!(fold("Léon: The Professional"), "leon: the professional");
        assert_eq!(fold("Das Boot ÜBER Straße"), "das boot uber strasse");
        assert_eq!(fold("Æon Flux"), "aeon flux");
        assert_eq!(fold("Cœur fidèle"), "coeur fidele");
        assert_eq!(fold("Łódź, Ŝŭŕŧ, Ĳssel"), "lodz, surt, ijssel");
        assert_eq!(fold("Þór"), "thor");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("Ame\u{301}lie"), "amelie", "decomposed accents");
    }

    #[test]
    fn keeps_other_scripts_and_digits() {
        assert_eq!(fold("千と千尋 2001"), "千と千尋 2001");
        assert_eq!(fold("ΑΒΓ"), "αβγ");
    }

    #[test]
    fn every_latin1_and_extended_a_letter_folds_to_ascii() {
        // The table covers the two blocks whole: only signs (×, ÷) stay outside ASCII.
        for c in ('\u{c0}'..='\u{17f}').filter(|c| c.is_alphabetic()) {
            let folded = fold(&c.to_string());
            assert!(folded.is_ascii(), "{c} folds to {folded}");
        }
    }
}
