//! What happened for the signed-in member: an exercise was given, submitted, got feedback
//! or was reopened; a journal entry was shared or commented on. Shown on the home pages.
//! A notice is read once its reader follows it (a POST that then leads to what it is about)
//! or marks them all read; looking at a page never changes anything.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::api::assignments::{notices, NoticeDto, NoticeKind, OpenNotice, ReadAllNotices};
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
    let open = ServerAction::<OpenNotice>::new();
    let read_all = ServerAction::<ReadAllNotices>::new();
    let list = Resource::new(move || read_all.version().get(), |_| notices());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let rows = list.await.unwrap_or_default();
                let unread = rows.iter().any(|n| !n.read);
                (!rows.is_empty()).then(|| view! {
                    <section id="notices" class=CARD aria-labelledby="notices-heading">
                        <div class="flex flex-wrap items-baseline justify-between gap-2">
                            <h2 id="notices-heading" class="text-lg font-semibold">{t!(i18n, notices.title)}</h2>
                            {if unread {
                                view! {
                                    <ActionForm action=read_all>
                                        <button type="submit" class="text-sm text-teal-800 underline">{t!(i18n, notices.read_all)}</button>
                                    </ActionForm>
                                }.into_any()
                            } else {
                                view! { <p class="text-sm text-slate-600" role="status">{t!(i18n, notices.all_read)}</p> }.into_any()
                            }}
                        </div>
                        <ul class="mt-2 space-y-2">
                            {rows.into_iter().map(|n| {
                                let unread = !n.read;
                                let (id, link, label, at) = (n.id, n.link.clone(), text(i18n, &n), n.at.clone());
                                view! {
                                    <li class="flex flex-wrap items-baseline gap-2" data-notice=n.kind.as_str()>
                                        {unread.then(|| view! { <span class="rounded-full bg-teal-700 px-2 py-0.5 text-xs font-medium text-white">{t!(i18n, notices.new)}</span> })}
                                        // A form, not a link: following a notice marks it read,
                                        // and a change is a POST.
                                        <ActionForm action=open attr:class="inline">
                                            <input type="hidden" name="id" value=id/>
                                            <button type="submit" class="text-left text-teal-800 underline" data-link=link>{label}</button>
                                        </ActionForm>
                                        <span class="text-sm text-slate-600">{at}</span>
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
