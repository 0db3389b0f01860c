use leptos::prelude::*;

use crate::components::labels::security_event_label;
use crate::i18n::*;
use crate::model::security::SecurityEventRow;

/// Entries of the security event log as a table: when, what, whose (with `people`), from
/// where. An empty log says so.
#[component]
pub fn EventTable(events: Vec<SecurityEventRow>, #[prop(optional)] people: bool) -> impl IntoView {
    let i18n = use_i18n();
    if events.is_empty() {
        return view! { <p class="mt-2 text-slate-700">{t!(i18n, events.none)}</p> }.into_any();
    }
    view! {
        <div class="mt-3 overflow-x-auto">
            <table class="min-w-full text-left text-sm">
                <thead>
                    <tr class="border-b border-slate-200">
                        <th scope="col" class="py-2 pr-3">{t!(i18n, events.when)}</th>
                        <th scope="col" class="py-2 pr-3">{t!(i18n, events.what)}</th>
                        {people.then(|| view! { <th scope="col" class="py-2 pr-3">{t!(i18n, events.who)}</th> })}
                        <th scope="col" class="py-2 pr-3">{t!(i18n, events.from)}</th>
                    </tr>
                </thead>
                <tbody>
                    {events.into_iter().map(|event| {
                        let mut what = security_event_label(i18n, event.kind);
                        if let Some(extra) = detail_text(i18n, event.kind, event.detail.as_deref()) {
                            what = format!("{what} ({extra})");
                        }
                        // An attempt at an address without an account names the address tried.
                        let who = match (event.person.clone(), event.by.clone()) {
                            (Some(person), Some(by)) => format!("{person} ({} {by})", t_string!(i18n, events.by)),
                            (Some(person), None) => person,
                            (None, _) => event.detail.clone().unwrap_or_default(),
                        };
                        view! {
                            <tr class="border-b border-slate-100 align-top">
                                <td class="py-2 pr-3 whitespace-nowrap">{event.at}</td>
                                <td class="py-2 pr-3">{what}</td>
                                {people.then(|| view! { <td class="py-2 pr-3">{who}</td> })}
                                <td class="py-2 pr-3">
                                    {event.address}
                                    <br />
                                    <span class="break-words text-xs text-slate-600">{event.device}</span>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The stored detail of an event, in words where it is one of ours.
fn detail_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    kind: crate::model::security::SecurityEventKind,
    detail: Option<&str>,
) -> Option<String> {
    use crate::model::security::SecurityEventKind as K;
    let text = match (kind, detail?) {
        (K::TwoFactorRule, "required") => t_string!(i18n, events.rule_required),
        (K::TwoFactorRule, "optional") => t_string!(i18n, events.rule_optional),
        (K::SignedIn, "two-step") => t_string!(i18n, events.with_code),
        (K::Suspended, "suspended") => t_string!(i18n, events.now_suspended),
        (K::Suspended, "active") => t_string!(i18n, events.now_active),
        (K::NetworksChanged, "-") => t_string!(i18n, events.networks_anywhere),
        (K::IdleLimitChanged, minutes) => {
            return Some(t_string!(i18n, events.minutes).replace("%n%", minutes))
        }
        (K::RoleChanged, code) => {
            return crate::types::Role::parse(code)
                .map(|role| crate::components::labels::role_label(i18n, role))
        }
        _ => return None,
    };
    Some(text.to_string())
}
