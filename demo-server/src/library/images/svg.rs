//! Generated artwork: a solid color derived from the item id with the item's name on it.
//! SVG keeps it tiny and dependency-free; the name is XML-escaped (titles contain `&`).

pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Greedy word wrap to at most `max_lines` lines of about `width` characters.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push('…');
        }
    }
    lines
}

pub fn render(name: &str, label: &str, id: u128, width: u32, height: u32) -> String {
    let hue = (id % 360) as u32;
    let hue2 = (hue + 40) % 360;
    let font = (width.min(height) as f64 / 9.0).max(8.0);
    let chars_per_line = ((width as f64 * 0.85) / (font * 0.55)).max(4.0) as usize;
    let lines = wrap(name, chars_per_line, 4);
    let line_height = font * 1.2;
    let first_y = height as f64 / 2.0 - (lines.len() as f64 - 1.0) * line_height / 2.0;
    let mut text = String::new();
    for (i, line) in lines.iter().enumerate() {
        text.push_str(&format!(
            "<tspan x=\"50%\" y=\"{:.1}\">{}</tspan>",
            first_y + i as f64 * line_height,
            xml_escape(line)
        ));
    }
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\">",
            "<defs><linearGradient id=\"g\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"1\">",
            "<stop offset=\"0\" stop-color=\"hsl({hue},45%,38%)\"/>",
            "<stop offset=\"1\" stop-color=\"hsl({hue2},50%,18%)\"/></linearGradient></defs>",
            "<rect width=\"100%\" height=\"100%\" fill=\"url(#g)\"/>",
            "<text fill=\"#f4f1ea\" font-family=\"system-ui, sans-serif\" font-size=\"{font:.0}\" ",
            "font-weight=\"600\" text-anchor=\"middle\" dominant-baseline=\"middle\">{text}</text>",
            "<text x=\"50%\" y=\"{label_y:.0}\" fill=\"#f4f1ea\" fill-opacity=\"0.6\" ",
            "font-family=\"system-ui, sans-serif\" font-size=\"{small:.0}\" text-anchor=\"middle\">{label}</text>",
            "</svg>"
        ),
        w = width,
        h = height,
        hue = hue,
        hue2 = hue2,
        font = font,
        text = text,
        label_y = height as f64 - font * 0.6,
        small = font * 0.45,
        label = xml_escape(label),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_names() {
        let svg = render("Love & <Loss>", "Primary", 7, 300, 450);
        assert!(svg.contains("Love &amp; &lt;Loss&gt;"));
        assert!(svg.starts_with("<svg") && svg.contains("width=\"300\""));
    }
}
