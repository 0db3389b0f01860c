//! What happened for the signed-in member: an exercise was given, submitted, got feedback
//! or was reopened; a journal entry was shared or commented on. Shown on the home pages;
//! opening the exercise or the journal marks them seen.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::assignments::{notices, NoticeDto, NoticeKind};
use crate::components::form::CARD;
use crate::i18n::*;

fn text(i18n: I18nContext<Locale>, n: &NoticeDto) -> String {
    let template = match n.kind {
        NoticeKind::Assigned => t_string!(i18n, notices.assigned),
        NoticeKind::Submitted => t_string!(i18n, notices.submitted),
        NoticeKind::Feedback => t_string!(i18n, notices.feedback),
        NoticeKind::Reopened => t_string!(i18n, notices.reopened),
        NoticeKind::JournalShared => t_string!(i18n, notices.journal_shared),
        NoticeKind::JournalComment => t_string!(i18n, notices.journal_comment),
    };
    template
        .replace("%exercise%", &n.subject)
        .replace("%date%", &n.subject)
        .replace("%client%", n.client_name.as_deref().unwrap_or(""))
}

#[component]
pub fn Notices() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| notices());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = list.await.unwrap_or_default();
                (!rows.is_empty()).then(|| view! {
                    <section id="notices" class=CARD aria-labelledby="notices-heading">
                        <h2 id="notices-heading" class="text-lg font-semibold">{t!(i18n, notices.title)}</h2>
                        <ul class="mt-2 space-y-2">
                            {rows.into_iter().map(|n| {
                                let unread = !n.read;
                                view! {
                                    <li class="flex flex-wrap items-baseline gap-2" data-notice=n.kind.as_str()>
                                        {unread.then(|| view! { <span class="rounded-full bg-teal-700 px-2 py-0.5 text-xs font-medium text-white">{t!(i18n, notices.new)}</span> })}
                                        <a class="text-teal-800 underline" href=n.link.clone()>{text(i18n, &n)}</a>
                                        <span class="text-sm text-slate-600">{n.at.clone()}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}
