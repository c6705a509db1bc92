//! How a page looks, measured in the browser: window sizes by name, waiting for a page and its
//! pictures to settle, full-page screenshots, and the look checks (broken images, sideways
//! scrolling, boxes taller than what they hold, controls without a name, axe-core). Used by
//! `tests/look.rs` and the README's screenshots (`src/bin/screenshots.rs`).
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use thirtyfour::prelude::*;

use crate::faults::cdp;
use crate::{js, wait_for};

/// A screen the app must look right on.
#[derive(Debug, Clone, Copy)]
pub struct Screen {
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    /// A touch screen without hover (a phone).
    pub touch: bool,
}

pub const PHONE: Screen = Screen {
    name: "phone",
    width: 390,
    height: 844,
    touch: true,
};
pub const DESKTOP: Screen = Screen {
    name: "desktop",
    width: 1280,
    height: 800,
    touch: false,
};
pub const TV: Screen = Screen {
    name: "tv",
    width: 1920,
    height: 1080,
    touch: false,
};

/// The look test's captures stop here (a library's grid is as tall as the whole library).
pub const MAX_CAPTURE_HEIGHT: u32 = 4000;

const WAIT: Duration = Duration::from_secs(30);

/// Makes the tab's viewport `screen` (CSS pixels, scale 1), `height` tall.
pub async fn set_viewport(driver: &WebDriver, screen: Screen, height: u32) {
    cdp(
        driver,
        "Emulation.setDeviceMetricsOverride",
        json!({
            "width": screen.width,
            "height": height,
            "deviceScaleFactor": 1,
            "mobile": screen.touch,
        }),
    )
    .await;
    cdp(
        driver,
        "Emulation.setTouchEmulationEnabled",
        if screen.touch {
            json!({ "enabled": true, "maxTouchPoints": 5 })
        } else {
            json!({ "enabled": false })
        },
    )
    .await;
}

/// Waits for `main[data-page=page]` to be fresh (the login and settings pages always are;
/// settings also waits for its storage figures), then for its pictures.
pub async fn settle(driver: &WebDriver, page: &str) {
    let script = format!(
        "const m = document.querySelector(\"main[data-page='{page}']\");
         if (!m || (m.dataset.freshness !== 'fresh' && '{page}' !== 'player')) return null;
         if ('{page}' === 'player' && !(m.querySelector('video') && m.querySelector('video').readyState >= 1)) return null;
         if ('{page}' === 'settings' && !document.querySelector(\"dl[data-loaded='true']\")) return null;
         return 1;"
    );
    wait_for(&format!("{page} fresh"), WAIT, || async {
        js(driver, &script).await.as_u64()
    })
    .await;
    pictures_settled(driver).await;
}

/// Waits until every image on screen has loaded or failed (a failed one hides itself).
pub async fn pictures_settled(driver: &WebDriver) {
    wait_for("pictures on screen", WAIT, || async {
        let pending = js(
            driver,
            "return Array.from(document.images).filter(i => {
                 const r = i.getBoundingClientRect();
                 return r.width > 0 && r.top < innerHeight && r.bottom > 0 && r.left < innerWidth && r.right > 0 && !i.complete;
             }).length",
        )
        .await;
        (pending.as_u64() == Some(0)).then_some(())
    })
    .await;
    // One frame, so that a failed image's fallback is painted.
    js(
        driver,
        "await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))); return 1",
    )
    .await;
}

/// Grows the viewport to the page's full height (at most `max_height`), so that the whole page
/// is "on screen" for the checks and the screenshot; returns that height.
pub async fn show_whole_page(driver: &WebDriver, screen: Screen, max_height: u32) -> u32 {
    let full = js(driver, "return document.documentElement.scrollHeight")
        .await
        .as_u64()
        .unwrap_or(u64::from(screen.height)) as u32;
    let height = full.clamp(screen.height, max_height.max(screen.height));
    set_viewport(driver, screen, height).await;
    pictures_settled(driver).await;
    height
}

/// Saves what the viewport shows as a PNG at `path`.
pub async fn save_screenshot(driver: &WebDriver, path: &Path) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    driver.screenshot(path).await.unwrap();
}

/// What is wrong with the page as shown, one sentence per problem (empty: nothing).
/// `one_line_toolbar`: the library's toolbar must fit on one line (desktop and wider).
pub async fn look_problems(driver: &WebDriver, one_line_toolbar: bool) -> Vec<String> {
    let script = format!(
        "const oneLineToolbar = {one_line_toolbar};\n{}",
        LOOK_CHECKS
    );
    let value = js(driver, &script).await;
    serde_json::from_value(value).unwrap_or_else(|e| vec![format!("look checks failed: {e}")])
}

/// Injects axe-core (once per document) and runs it; returns every violation as
/// `{id, impact, help, nodes}`.
pub async fn axe_violations(driver: &WebDriver, axe_source: &str) -> Vec<Value> {
    let loaded = js(driver, "return typeof window.axe === 'object'").await;
    if loaded.as_bool() != Some(true) {
        js(driver, &format!("{axe_source}\n;return typeof window.axe")).await;
    }
    let value = js(
        driver,
        "const result = await axe.run(document, { resultTypes: ['violations'] });
         return {
             rules: result.passes.length + result.violations.length + result.incomplete.length,
             violations: result.violations.map(v => ({
                 id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
             })),
         };",
    )
    .await;
    assert!(
        value["rules"].as_u64().unwrap_or(0) > 0,
        "axe-core ran no rules: {value}"
    );
    serde_json::from_value(value["violations"].clone()).expect("axe-core's violations")
}

/// The checks, in the page. Everything "on screen" means within the viewport, which
/// [`show_whole_page`] has grown to the page's height.
const LOOK_CHECKS: &str = r#"
const problems = [];
const describe = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) {
        let s = e.tagName.toLowerCase();
        if (e.id) s += '#' + e.id;
        if (e.classList.length) s += '.' + Array.from(e.classList).join('.');
        for (const a of ['data-section', 'data-page', 'data-shape']) {
            if (e.hasAttribute(a)) s += `[${a}=${e.getAttribute(a)}]`;
        }
        parts.unshift(s);
    }
    return parts.join(' > ');
};
const shown = (el) => {
    if (el.closest('[aria-hidden="true"], [inert]')) return false;
    if (el.getClientRects().length === 0) return false;
    const cs = getComputedStyle(el);
    return cs.visibility !== 'hidden' && cs.display !== 'none';
};
const onScreen = (r) => r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth;

// 1. No broken image on screen.
for (const img of document.images) {
    const r = img.getBoundingClientRect();
    if (img.complete && img.naturalWidth === 0 && onScreen(r) && getComputedStyle(img).display !== 'none' && getComputedStyle(img).visibility !== 'hidden') {
        problems.push(`broken image shown: ${img.getAttribute('src')} (${describe(img)})`);
    }
}

// 2. No horizontal scrolling of the page.
const root = document.documentElement;
if (root.scrollWidth > root.clientWidth + 1) {
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > root.clientWidth + 1 && r.width > 0) {
            // Only what sticks out of the page, not what a scrolling row holds.
            let clipped = false;
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
                const ox = getComputedStyle(p).overflowX;
                if (ox !== 'visible') { clipped = true; break; }
            }
            if (!clipped) wide.push(`${describe(el)} (right edge ${Math.round(r.right)})`);
        }
    }
    problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in ${root.clientWidth}: ${wide.slice(0, 3).join('; ')}`);
}

// 3. No row or section much taller than what it holds.
const SLACK = 24;
const inFlow = (el) => {
    const cs = getComputedStyle(el);
    return cs.display !== 'none' && cs.position !== 'absolute' && cs.position !== 'fixed' && el.getClientRects().length > 0;
};
for (const row of document.querySelectorAll('.row-items')) {
    if (!shown(row) && !row.classList.contains('skeleton')) continue;
    const cards = Array.from(row.children).filter(inFlow);
    if (!cards.length) continue;
    // A card's own content, not its box: a grid stretches its cards to the row's height.
    const contentHeight = (card) => {
        const top = card.getBoundingClientRect().top;
        let bottom = top;
        for (const d of card.querySelectorAll('*')) {
            const r = d.getBoundingClientRect();
            if (r.height > 0 && getComputedStyle(d).position !== 'fixed') bottom = Math.max(bottom, r.bottom);
        }
        return bottom - top;
    };
    const tallest = Math.max(...cards.map(contentHeight));
    const cs = getComputedStyle(row);
    const allowed = tallest + parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + SLACK;
    const height = row.getBoundingClientRect().height;
    if (height > allowed) {
        problems.push(`a card row is ${Math.round(height)} px tall for cards of ${Math.round(tallest)} px (${describe(row)})`);
    }
}
const boxes = 'main section, .row, .details-head, .episode, .settings-section, .page-header, .library-controls, .app-header, .login-form';
for (const box of document.querySelectorAll(boxes)) {
    if (!shown(box)) continue;
    const kids = Array.from(box.children).filter(inFlow);
    if (!kids.length) continue;
    let top = Infinity, bottom = -Infinity;
    for (const k of kids) {
        const r = k.getBoundingClientRect();
        const cs = getComputedStyle(k);
        top = Math.min(top, r.top - Math.max(0, parseFloat(cs.marginTop)));
        bottom = Math.max(bottom, r.bottom + Math.max(0, parseFloat(cs.marginBottom)));
    }
    const cs = getComputedStyle(box);
    const frame = parseFloat(cs.paddingTop) + parseFloat(cs.paddingBottom) + parseFloat(cs.borderTopWidth) + parseFloat(cs.borderBottomWidth);
    const height = box.getBoundingClientRect().height;
    if (height > bottom - top + frame + SLACK) {
        problems.push(`${describe(box)} is ${Math.round(height)} px tall for ${Math.round(bottom - top)} px of content`);
    }
}

// 4. Every button, link and input has an accessible name.
const textOf = (node) => {
    let s = '';
    for (const c of node.childNodes) {
        if (c.nodeType === 3) s += c.textContent;
        else if (c.nodeType === 1) {
            if (c.getAttribute('aria-hidden') === 'true') continue;
            if (c.tagName === 'IMG') s += ' ' + (c.getAttribute('alt') || '');
            else if (['INPUT', 'SELECT', 'TEXTAREA'].includes(c.tagName)) continue;
            else s += ' ' + textOf(c);
        }
    }
    return s.trim();
};
const nameOf = (el) => {
    const ids = el.getAttribute('aria-labelledby');
    if (ids) {
        const t = ids.split(/\s+/).map(id => { const e = document.getElementById(id); return e ? e.textContent : ''; }).join(' ').trim();
        if (t) return t;
    }
    const aria = (el.getAttribute('aria-label') || '').trim();
    if (aria) return aria;
    if (el.labels && el.labels.length) {
        const t = Array.from(el.labels).map(textOf).join(' ').trim();
        if (t) return t;
    }
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return el.value || '';
    if (!['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) {
        const t = textOf(el);
        if (t) return t;
    }
    return (el.getAttribute('title') || el.getAttribute('placeholder') || '').trim();
};
for (const el of document.querySelectorAll('button, a[href], input:not([type="hidden"]), select, textarea, [role="button"], [role="link"]')) {
    if (!shown(el)) continue;
    if (!nameOf(el)) problems.push(`no accessible name: ${describe(el)}`);
}

// 5. The library's toolbar on one line (desktop and wider).
const controls = document.querySelector('.library-controls');
if (oneLineToolbar && controls && shown(controls)) {
    const items = Array.from(controls.querySelectorAll(':scope > :not(.filters), :scope > .filters > *')).filter(inFlow);
    const tops = items.map(i => Math.round(i.getBoundingClientRect().top + i.getBoundingClientRect().height / 2));
    const first = Math.min(...tops), last = Math.max(...tops);
    if (last - first > 12) {
        const off = items.filter((_, i) => tops[i] - first > 12).map(i => i.textContent.trim() || describe(i));
        problems.push(`the library toolbar wraps: ${off.join(', ')} on a line of their own`);
    }
}
// 6. The player's control bar: every control it offers shown and on screen, the volume slider
// too (a phone has it), and its buttons on one line (the seek row above them).
const bar = document.querySelector('.player-bar');
if (bar && shown(bar)) {
    const offered = Array.from(bar.querySelectorAll('button, input')).filter(el => !el.closest('[hidden], .player-menu'));
    for (const el of offered) {
        if (!shown(el) || !onScreen(el.getBoundingClientRect())) problems.push(`player control not on screen: ${nameOf(el) || describe(el)}`);
    }
    const tops = offered.filter(shown).map(el => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2));
    if (tops.length && Math.max(...tops) - Math.min(...tops) > 12) problems.push('the player control bar wraps onto a second line');
}
return problems;
"#;
