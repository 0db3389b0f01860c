//! The reports section of a dossier: write a report with its reading and editing rights,
//! edit or delete it while it is open, lock it for good, amend it once locked.

use leptos::prelude::*;

use crate::api::reports::{
    dossier_reports, AmendReport, CreateReport, DeleteReport, EditRights, LockReport, ReportDto,
    UpdateReport, Visibility,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{raw_text, INPUT, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::section::{CreateForm, Section};
use crate::i18n::*;
use leptos_i18n::I18nContext;

use super::{TrajectoryChoices, TrajectorySelect};

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateReport>,
    delete: ServerAction<DeleteReport>,
    lock: ServerAction<LockReport>,
    amend: ServerAction<AmendReport>,
}

pub fn visibility_label(i18n: I18nContext<Locale>, value: Visibility) -> String {
    match value {
        Visibility::Author => t_string!(i18n, reports.visible_author),
        Visibility::Coaches => t_string!(i18n, reports.visible_coaches),
        Visibility::Team => t_string!(i18n, reports.visible_team),
        Visibility::Client => t_string!(i18n, reports.visible_client),
    }
    .to_string()
}

fn edit_label(i18n: I18nContext<Locale>, value: EditRights) -> String {
    match value {
        EditRights::Author => t_string!(i18n, reports.edit_author),
        EditRights::Coaches => t_string!(i18n, reports.edit_coaches),
    }
    .to_string()
}

/// The fields a report is written with; `prefix` keeps ids unique per form.
#[component]
fn ReportFields(
    prefix: String,
    report: Option<ReportDto>,
    trajectories: TrajectoryChoices,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = |field: &str| format!("{prefix}-{field}");
    let date = report.as_ref().map(|r| r.date.clone());
    let body = report.as_ref().map(|r| r.body.clone()).unwrap_or_default();
    let visibility = report
        .as_ref()
        .and_then(|r| r.visibility)
        .unwrap_or(Visibility::Coaches);
    let edit_rights = report
        .as_ref()
        .and_then(|r| r.edit_rights)
        .unwrap_or(EditRights::Author);
    let trajectory = report.as_ref().and_then(|r| r.trajectory_id);
    let visibilities = Visibility::ALL
        .iter()
        .map(|&v| view! { <option value=v.as_str() selected=v == visibility>{visibility_label(i18n, v)}</option> })
        .collect_view();
    let edit_choices = EditRights::ALL
        .iter()
        .map(|&v| view! { <option value=v.as_str() selected=v == edit_rights>{edit_label(i18n, v)}</option> })
        .collect_view();
    view! {
        <div class="grid gap-3 sm:grid-cols-2">
            <div>
                <label for=id("date") class="block font-medium">{t!(i18n, reports.date)}</label>
                <input id=id("date") name="input[date]" type="date" value=date class=INPUT aria-describedby=id("date-error") />
                <FieldError error field="date" id=id("date-error") />
            </div>
            <TrajectorySelect id=id("trajectory") name="input[trajectory_id]" selected=trajectory trajectories error />
        </div>
        <div>
            <label for=id("body") class="block font-medium">{t!(i18n, reports.body)}</label>
            <textarea id=id("body") name="input[body]" rows=8 class=INPUT aria-describedby=format!("{} {}", id("body-hint"), id("body-error"))>{raw_text(body)}</textarea>
            <p id=id("body-hint") class="text-sm text-slate-600">{t!(i18n, reports.body_hint)}</p>
            <FieldError error field="body" id=id("body-error") />
        </div>
        <div class="grid gap-3 sm:grid-cols-2">
            <div>
                <label for=id("visibility") class="block font-medium">{t!(i18n, reports.visibility)}</label>
                <select id=id("visibility") name="input[visibility]" class=INPUT>
                    {visibilities}
                </select>
                <FieldError error field="visibility" id=id("visibility-error") />
            </div>
            <div>
                <label for=id("edit_rights") class="block font-medium">{t!(i18n, reports.edit_rights)}</label>
                <select id=id("edit_rights") name="input[edit_rights]" class=INPUT>
                    {edit_choices}
                </select>
            </div>
        </div>
    }
}

use crate::error::AppError;

#[component]
pub fn Reports(client_id: i32, trajectories: TrajectoryChoices) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateReport>::new();
    let actions = Actions {
        update: ServerAction::new(),
        delete: ServerAction::new(),
        lock: ServerAction::new(),
        amend: ServerAction::new(),
    };
    let list = Resource::new(
        move || {
            (
                create.version().get(),
                actions.update.version().get(),
                actions.delete.version().get(),
                actions.lock.version().get(),
                actions.amend.version().get(),
            )
        },
        move |_| dossier_reports(client_id),
    );
    let create_error = action_error(create);
    let row_error = Signal::derive(move || {
        [
            action_error(actions.update),
            action_error(actions.delete),
            action_error(actions.lock),
            action_error(actions.amend),
        ]
        .iter()
        .find_map(|e| e.get())
    });
    view! {
        <Section id="reports" title=t_string!(i18n, reports.title).to_string() row_error=row_error>            <CreateForm label=t_string!(i18n, reports.new).to_string() error=create_error>
                <ActionForm action=create attr:class="mt-3 space-y-3" attr:novalidate="true">
                    <FormError error=banner_error(create_error) />
                    <input type="hidden" name="client_id" value=client_id />
                    <ReportFields prefix="new-report".to_string() report=None trajectories error=create_error />
                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, reports.save)}</button>
                </ActionForm>
            </CreateForm>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="mt-3 text-slate-600">{t!(i18n, reports.none)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ol class="mt-4 space-y-4">
                                {rows.into_iter().map(|r| view! { <Report r trajectories actions row_error /> }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Section>
    }
}

#[component]
fn Report(
    r: ReportDto,
    trajectories: TrajectoryChoices,
    actions: Actions,
    row_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("report-{}", r.id);
    let heading_id = heading.clone();
    let facts = [
        Some(r.date.clone()),
        r.author.clone(),
        r.trajectory.clone(),
        r.visibility.map(|v| visibility_label(i18n, v)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let locked = r.locked_at.clone().map(|at| {
        view! {
            <span class="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">
                {t_string!(i18n, reports.locked_on).replace("%date%", &at)}
            </span>
        }
    });
    let prefix = format!("report-{}", r.id);
    let confirm_id = format!("{prefix}-confirm");
    let amend_id = format!("{prefix}-amend");
    let edit = r.can_edit.then(|| {
        let r = r.clone();
        let id = r.id;
        let confirm_id = confirm_id.clone();
        view! {
            <details class="mt-3">
                <summary class="cursor-pointer text-sm font-medium text-teal-800">{t!(i18n, reports.edit)}</summary>
                <ActionForm action=actions.update attr:class="mt-2 space-y-3" attr:novalidate="true">
                    <input type="hidden" name="id" value=id />
                    <ReportFields prefix=format!("edit-{id}") report=Some(r) trajectories error=row_error />
                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, reports.save)}</button>
                </ActionForm>
            </details>
            <div class="mt-3 flex flex-wrap items-end gap-4">
                <ActionForm action=actions.lock attr:class="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="id" value=id />
                    <input id=confirm_id.clone() type="checkbox" name="confirm" value="yes" class="h-5 w-5 accent-teal-700" />
                    <label for=confirm_id.clone() class="text-sm">{t!(i18n, reports.lock_confirm)}</label>
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, reports.lock)}</button>
                    <FieldError error=row_error field="confirm" id=format!("{confirm_id}-error") />
                </ActionForm>
                <ActionForm action=actions.delete>
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, reports.delete)}</button>
                </ActionForm>
            </div>
        }
    });
    let amendments = (!r.amendments.is_empty()).then(|| {
        view! {
            <ol class="mt-3 space-y-2 border-l-4 border-amber-300 pl-3" aria-label=t_string!(i18n, reports.amendments)>
                {r.amendments.iter().map(|a| {
                    let by = t_string!(i18n, reports.amended_by)
                        .replace("%date%", &a.at)
                        .replace("%name%", a.author.as_deref().unwrap_or("—"));
                    view! {
                        <li>
                            <p class="text-sm font-medium text-slate-700">{by}</p>
                            <div class="prose-koers" inner_html=a.html.clone()></div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
    });
    let amend = r.can_amend.then(|| {
        view! {
            <ActionForm action=actions.amend attr:class="mt-3 space-y-2" attr:novalidate="true">
                <input type="hidden" name="id" value=r.id />
                <label for=amend_id.clone() class="block text-sm font-medium">{t!(i18n, reports.amend)}</label>
                <textarea id=amend_id.clone() name="body" rows=3 class=INPUT aria-describedby=format!("{amend_id}-error")></textarea>
                <FieldError error=row_error field="body" id=format!("{amend_id}-error") />
                <button type="submit" class=SMALL_BUTTON>{t!(i18n, reports.amend_submit)}</button>
            </ActionForm>
        }
    });
    view! {
        <li class="rounded-md border border-slate-200 p-3" aria-labelledby=heading.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h3 id=heading_id class="font-semibold">{t_string!(i18n, reports.heading).replace("%date%", &r.date)}</h3>
                {locked}
            </div>
            <p class="text-sm text-slate-600">{facts}</p>
            <div class="prose-koers mt-2" inner_html=r.html.clone()></div>
            {amendments}
            {edit}
            {amend}
        </li>
    }
}
