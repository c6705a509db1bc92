//! Case and accent folding for letters and search, so "É" files under E and "amelie" finds
//! "Amélie". Only the common Latin letters are folded; everything else is just lowercased.

/// The lowercase, unaccented form of a character.
pub(crate) fn fold_char(c: char) -> char {
    let lower = c.to_lowercase().next().unwrap_or(c);
    match lower {
        'à'..='å' | 'ā' | 'ă' | 'ą' | 'æ' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'ď' | 'đ' | 'ð' => 'd',
        'è'..='ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' => 'g',
        'ì'..='ï' | 'ī' | 'į' | 'ı' => 'i',
        'ĺ' | 'ľ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ő' | 'œ' => 'o',
        'ŕ' | 'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ß' => 's',
        'ţ' | 'ť' | 'þ' => 't',
        'ù'..='ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

/// A string folded character by character.
pub(crate) fn fold_text(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold_text("Amélie ÉCOLE Łódź"), "amelie ecole lodz");
        assert_eq!(fold_char('Ø'), 'o');
        assert_eq!(fold_char('7'), '7');
        assert_eq!(fold_char('日'), '日');
    }
}
