//! Saving answers while the client types. Every edit gets a number in typing order and is
//! kept in the browser (localStorage) until the server has it, so a closed tab or a lost
//! connection loses nothing; the server keeps only the highest number per question, so
//! late, repeated or parallel saves end with what was typed last. Without JavaScript none
//! of this runs and the form's own buttons save.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::api::assignments::AnswerDto;
use crate::error::FieldProblem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
pub enum SaveState {
    /// Nothing typed yet in this tab.
    Idle,
    Saving,
    Saved,
    /// Edits are kept in the browser and go out when the connection is back.
    Offline,
    /// The exercise was submitted meanwhile (elsewhere): nothing more is saved.
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Pending {
    values: Vec<String>,
    seq: i64,
}

#[derive(Clone, Copy)]
pub struct Autosave {
    pub state: RwSignal<SaveState>,
    /// Questions whose answer another tab or device changed after this page got it.
    pub elsewhere: RwSignal<Vec<String>>,
    /// Problems the server reported for saves of this tab.
    pub problems: RwSignal<BTreeMap<String, FieldProblem>>,
    pub form: NodeRef<leptos::html::Form>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    assignment: i32,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pending: StoredValue<BTreeMap<String, Pending>>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    known: StoredValue<BTreeMap<String, i64>>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    last_seq: StoredValue<i64>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    generation: StoredValue<u64>,
}

impl Autosave {
    pub fn new(assignment: i32, elsewhere: Vec<String>) -> Self {
        Self {
            state: RwSignal::new(SaveState::Idle),
            elsewhere: RwSignal::new(elsewhere),
            problems: RwSignal::new(BTreeMap::new()),
            form: NodeRef::new(),
            assignment,
            pending: StoredValue::new(BTreeMap::new()),
            known: StoredValue::new(BTreeMap::new()),
            last_seq: StoredValue::new(0),
            generation: StoredValue::new(0),
        }
    }
}

#[cfg(not(feature = "hydrate"))]
impl Autosave {
    pub fn start(&self, _answers: &[AnswerDto]) {}
    pub fn edited(&self, _ev: leptos::ev::Event) {}
    pub fn flush(&self) {}
    pub fn refresh(&self) {}
}

#[cfg(not(feature = "hydrate"))]
pub async fn send_and_forget_all() {}

/// Where one exercise's answers wait in `localStorage` until the server has them.
#[cfg(feature = "hydrate")]
const STORAGE_PREFIX: &str = "koers-answers-";

/// The answers kept in this browser under `storage_key`.
#[cfg(feature = "hydrate")]
fn kept_answers(storage: &web_sys::Storage, storage_key: &str) -> BTreeMap<String, Pending> {
    storage
        .get_item(storage_key)
        .ok()
        .flatten()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlFormElement, HtmlInputElement, HtmlTextAreaElement};

    pub fn now_ms() -> i64 {
        js_sys::Date::now() as i64
    }

    pub fn online() -> bool {
        web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true)
    }

    pub fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    /// The question an edited element answers (`q<n>`); file inputs save with the form.
    pub fn key_of(ev: &web_sys::Event) -> Option<String> {
        let el: Element = ev.target()?.dyn_into().ok()?;
        if el.get_attribute("type").as_deref() == Some("file") {
            return None;
        }
        let name = el.get_attribute("name")?;
        name.strip_prefix('q')?.parse::<u32>().ok()?;
        Some(name)
    }

    fn fields(form: &HtmlFormElement, name: &str) -> Vec<Element> {
        let Ok(list) = form.query_selector_all(&format!("[name=\"{name}\"]")) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|node| node.dyn_into::<Element>().ok())
            .collect()
    }

    pub fn read(form: &HtmlFormElement, key: &str) -> Vec<String> {
        let mut values = Vec::new();
        for el in fields(form, key) {
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                match input.type_().as_str() {
                    "radio" | "checkbox" => {
                        if input.checked() {
                            values.push(input.value());
                        }
                    }
                    "file" => {}
                    _ => values.push(input.value()),
                }
            } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
                values.push(area.value());
            }
        }
        values
    }

    pub fn write(form: &HtmlFormElement, key: &str, values: &[String]) {
        let first = values.first().cloned().unwrap_or_default();
        for el in fields(form, key) {
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                match input.type_().as_str() {
                    "radio" | "checkbox" => input.set_checked(values.contains(&input.value())),
                    "file" => {}
                    _ => input.set_value(&first),
                }
            } else if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
                area.set_value(&first);
            }
        }
    }

    /// What the form sends as "the save this page knows", so a later form save does not
    /// count this tab's own autosaves as changes made elsewhere.
    pub fn set_base(form: &HtmlFormElement, key: &str, seq: i64) {
        for el in fields(form, &format!("base_{key}")) {
            if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
                input.set_value(&seq.to_string());
            }
        }
    }
}

#[cfg(feature = "hydrate")]
impl Autosave {
    fn storage_key(&self) -> String {
        format!("{STORAGE_PREFIX}{}", self.assignment)
    }

    fn persist(&self) {
        let Some(storage) = browser::storage() else {
            return;
        };
        let pending = self.pending.get_value();
        if pending.is_empty() {
            let _ = storage.remove_item(&self.storage_key());
        } else if let Ok(text) = serde_json::to_string(&pending) {
            let _ = storage.set_item(&self.storage_key(), &text);
        }
    }

    fn raise_seq(&self, seen: i64) {
        self.last_seq.set_value(self.last_seq.get_value().max(seen));
    }

    fn next_seq(&self) -> i64 {
        let seq = browser::now_ms().max(self.last_seq.get_value() + 1);
        self.last_seq.set_value(seq);
        seq
    }

    /// After the page is live: remember what the server has, and put back (and send) what
    /// this browser typed but the server never got.
    pub fn start(&self, answers: &[AnswerDto]) {
        self.known.set_value(
            answers
                .iter()
                .map(|a| (a.key.clone(), a.seq))
                .collect::<BTreeMap<_, _>>(),
        );
        let kept = browser::storage()
            .map(|storage| kept_answers(&storage, &self.storage_key()))
            .unwrap_or_default();
        let Some(form) = self.form.get_untracked() else {
            return;
        };
        let known = self.known.get_value();
        // Numbers go on from the highest the server holds: a save made with the server's
        // clock (the form) or another device's must never outrank what is typed next.
        self.raise_seq(known.values().copied().max().unwrap_or(0));
        let newer: BTreeMap<String, Pending> = kept
            .into_iter()
            .filter(|(key, p)| p.seq > known.get(key).copied().unwrap_or(i64::MIN))
            .collect();
        for (key, p) in &newer {
            browser::write(&form, key, &p.values);
            self.raise_seq(p.seq);
        }
        let any = !newer.is_empty();
        self.pending.set_value(newer);
        self.persist();
        if any {
            self.flush();
        }
    }

    pub fn edited(&self, ev: leptos::ev::Event) {
        let (Some(form), Some(key)) = (self.form.get_untracked(), browser::key_of(&ev)) else {
            return;
        };
        if self.state.get_untracked() == SaveState::Closed {
            return;
        }
        let values = browser::read(&form, &key);
        let seq = self.next_seq();
        self.pending.update_value(|p| {
            p.insert(key.clone(), Pending { values, seq });
        });
        self.persist();
        self.state.set(if browser::online() {
            SaveState::Saving
        } else {
            SaveState::Offline
        });
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        let this = *self;
        set_timeout(
            move || {
                if this.generation.get_value() == generation {
                    this.flush();
                }
            },
            std::time::Duration::from_millis(600),
        );
    }

    /// Sends whatever the server does not have yet.
    pub fn flush(&self) {
        let batch: Vec<(String, Pending)> = self.pending.get_value().into_iter().collect();
        if batch.is_empty() {
            return;
        }
        if !browser::online() {
            self.state.set(SaveState::Offline);
            return;
        }
        self.state.set(SaveState::Saving);
        let this = *self;
        leptos::task::spawn_local(async move {
            use crate::error::AppError;
            let mut offline = false;
            for (key, p) in batch {
                let values = serde_json::to_string(&p.values).unwrap_or_default();
                match crate::api::assignments::save_answer(
                    this.assignment,
                    key.clone(),
                    values,
                    p.seq,
                )
                .await
                {
                    Ok(outcome) => {
                        // The server heard from this person: the inactivity warning waits.
                        crate::components::idle::mark_active();
                        this.settled(&key, p.seq, outcome)
                    }
                    Err(AppError::Locked) => {
                        this.pending.set_value(BTreeMap::new());
                        this.persist();
                        this.state.set(SaveState::Closed);
                        return;
                    }
                    Err(AppError::Invalid { fields }) => {
                        this.drop_pending(&key, p.seq);
                        let problem = fields
                            .first()
                            .map(|(_, p)| *p)
                            .unwrap_or(FieldProblem::AnswerInvalid);
                        this.problems.update(|m| {
                            m.insert(key.clone(), problem);
                        });
                    }
                    // Unreachable server or trouble on its side: keep it and try again
                    // when the connection comes back.
                    Err(_) => {
                        offline = true;
                        break;
                    }
                }
            }
            let left = !this.pending.get_value().is_empty();
            this.state.set(if offline {
                SaveState::Offline
            } else if left {
                SaveState::Saving
            } else {
                SaveState::Saved
            });
        });
    }

    fn drop_pending(&self, key: &str, seq: i64) {
        self.pending.update_value(|p| {
            if p.get(key).map(|x| x.seq) == Some(seq) {
                p.remove(key);
            }
        });
        self.persist();
    }

    fn settled(&self, key: &str, seq: i64, outcome: crate::api::assignments::SaveOutcome) {
        self.drop_pending(key, seq);
        self.raise_seq(outcome.seq);
        self.known.update_value(|k| {
            k.insert(key.to_string(), outcome.seq);
        });
        self.problems.update(|m| {
            m.remove(key);
        });
        let Some(form) = self.form.get_untracked() else {
            return;
        };
        browser::set_base(&form, key, outcome.seq);
        let typed_since = self.pending.with_value(|p| p.contains_key(key));
        if outcome.seq > seq && !typed_since {
            // Another tab or device saved later: theirs stands, and this tab shows it.
            browser::write(&form, key, &outcome.values);
            self.note_elsewhere(key);
        }
    }

    fn note_elsewhere(&self, key: &str) {
        self.elsewhere.update(|e| {
            if !e.iter().any(|k| k == key) {
                e.push(key.to_string());
            }
        });
    }

    /// When the tab gets focus again: take over what other tabs saved meanwhile.
    pub fn refresh(&self) {
        if self.state.get_untracked() == SaveState::Closed {
            return;
        }
        let this = *self;
        leptos::task::spawn_local(async move {
            let Ok(answers) = crate::api::assignments::my_answers(this.assignment).await else {
                return;
            };
            let Some(form) = this.form.get_untracked() else {
                return;
            };
            for a in answers {
                let known = this.known.with_value(|k| k.get(&a.key).copied());
                let typing = this.pending.with_value(|p| p.contains_key(&a.key));
                this.raise_seq(a.seq);
                if a.seq > known.unwrap_or(i64::MIN) && !typing {
                    this.known.update_value(|k| {
                        k.insert(a.key.clone(), a.seq);
                    });
                    browser::write(&form, &a.key, &a.values);
                    browser::set_base(&form, &a.key, a.seq);
                    this.note_elsewhere(&a.key);
                }
            }
        });
    }
}

/// Before signing out on a shared device: sends every answer that still waits in this
/// browser (for any exercise), then removes them all from `localStorage`, sent or not, so
/// the next person on the tablet finds nothing. Without JavaScript the sign-out answer's
/// `Clear-Site-Data` does the removing.
#[cfg(feature = "hydrate")]
pub async fn send_and_forget_all() {
    let Some(storage) = browser::storage() else {
        return;
    };
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(STORAGE_PREFIX))
        .collect();
    for storage_key in keys {
        let assignment = storage_key[STORAGE_PREFIX.len()..].parse::<i32>().ok();
        if let (Some(assignment), true) = (assignment, browser::online()) {
            for (key, p) in kept_answers(&storage, &storage_key) {
                let values = serde_json::to_string(&p.values).unwrap_or_default();
                let _ = crate::api::assignments::save_answer(assignment, key, values, p.seq).await;
            }
        }
        let _ = storage.remove_item(&storage_key);
    }
}
