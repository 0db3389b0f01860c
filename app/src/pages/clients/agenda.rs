//! The appointments of a dossier: book one, change or lock it, take it into a calendar.

use leptos::prelude::*;

use crate::api::agenda::{
    dossier_appointments, AppointmentDto, CreateAppointment, DeleteAppointment, LockAppointment,
    UpdateAppointment,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{posted_name, INPUT, PRIMARY_BUTTON, SMALL_BUTTON};
use crate::components::section::{CreateForm, Section};
use crate::error::AppError;
use crate::i18n::*;

use super::{TrajectoryChoices, TrajectorySelect};

#[derive(Clone, Copy)]
struct Actions {
    update: ServerAction<UpdateAppointment>,
    delete: ServerAction<DeleteAppointment>,
    lock: ServerAction<LockAppointment>,
}

#[component]
fn AppointmentFields(
    prefix: String,
    appointment: Option<AppointmentDto>,
    trajectories: TrajectoryChoices,
    #[prop(into)] error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = |field: &str| format!("{prefix}-{field}");
    let a = appointment;
    let field = move |name: &'static str,
                      kind: &'static str,
                      label: String,
                      value: Option<String>| {
        let field_id = id(name);
        let error_id = format!("{field_id}-error");
        view! {
            <div>
                <label for=field_id.clone() class="block font-medium">{label}</label>
                <input id=field_id name=posted_name(name, true) type=kind value=value class=INPUT aria-describedby=error_id.clone() />
                <FieldError error field=name id=error_id />
            </div>
        }
    };
    view! {
        {field("title", "text", t_string!(i18n, agenda.what).to_string(), a.as_ref().map(|a| a.title.clone()))}
        <div class="grid gap-3 sm:grid-cols-2">
            {field("starts_at", "datetime-local", t_string!(i18n, agenda.starts).to_string(), a.as_ref().map(|a| a.starts_at.clone()))}
            {field("ends_at", "datetime-local", t_string!(i18n, agenda.ends).to_string(), a.as_ref().map(|a| a.ends_at.clone()))}
        </div>
        <div class="grid gap-3 sm:grid-cols-2">
            {field("location", "text", t_string!(i18n, agenda.location).to_string(), a.as_ref().and_then(|a| a.location.clone()))}
            <TrajectorySelect id=id("trajectory") name="input[trajectory_id]" selected=a.as_ref().and_then(|a| a.trajectory_id) trajectories error />
        </div>
    }
}

#[component]
pub fn Appointments(client_id: i32, trajectories: TrajectoryChoices) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreateAppointment>::new();
    let actions = Actions {
        update: ServerAction::new(),
        delete: ServerAction::new(),
        lock: ServerAction::new(),
    };
    let list = Resource::new(
        move || {
            (
                create.version().get(),
                actions.update.version().get(),
                actions.delete.version().get(),
                actions.lock.version().get(),
            )
        },
        move |_| dossier_appointments(client_id),
    );
    let create_error = action_error(create);
    let row_error = Signal::derive(move || {
        [
            action_error(actions.update),
            action_error(actions.delete),
            action_error(actions.lock),
        ]
        .iter()
        .find_map(|e| e.get())
    });
    view! {
        <Section id="agenda" title=t_string!(i18n, agenda.title).to_string() row_error=row_error>
            <CreateForm label=t_string!(i18n, agenda.new).to_string() error=create_error>
                <ActionForm action=create attr:class="mt-3 space-y-3" attr:novalidate="true">
                    <FormError error=banner_error(create_error) />
                    <input type="hidden" name="client_id" value=client_id />
                    <AppointmentFields prefix="new-appointment".to_string() appointment=None trajectories error=create_error />
                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, agenda.book)}</button>
                </ActionForm>
            </CreateForm>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="mt-3 text-slate-600">{t!(i18n, agenda.none)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="mt-4 space-y-3">
                                {rows.into_iter().map(|a| view! { <Appointment a trajectories actions row_error /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <LoadError error /> }.into_any(),
                    }
                })}
            </Suspense>
        </Section>
    }
}

#[component]
fn Appointment(
    a: AppointmentDto,
    trajectories: TrajectoryChoices,
    actions: Actions,
    row_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let heading = format!("appointment-{}", a.id);
    let heading_id = heading.clone();
    let confirm_id = format!("appointment-{}-confirm", a.id);
    let facts = [Some(a.when.clone()), a.location.clone(), a.coach.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let can_delete = a.can_delete;
    let edit = a.can_edit.then(|| {
        let a = a.clone();
        let id = a.id;
        view! {
            <details class="mt-2">
                <summary class="cursor-pointer text-sm font-medium text-teal-800">{t!(i18n, agenda.change)}</summary>
                <ActionForm action=actions.update attr:class="mt-2 space-y-3" attr:novalidate="true">
                    <input type="hidden" name="id" value=id />
                    <AppointmentFields prefix=format!("edit-appointment-{id}") appointment=Some(a) trajectories error=row_error />
                    <button type="submit" class=PRIMARY_BUTTON>{t!(i18n, agenda.save)}</button>
                </ActionForm>
            </details>
            <div class="mt-2 flex flex-wrap items-center gap-4">
                <ActionForm action=actions.lock attr:class="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="id" value=id />
                    <input id=confirm_id.clone() type="checkbox" name="confirm" value="yes" class="h-5 w-5 accent-teal-700" />
                    <label for=confirm_id.clone() class="text-sm">{t!(i18n, agenda.lock_confirm)}</label>
                    <button type="submit" class=SMALL_BUTTON>{t!(i18n, agenda.lock)}</button>
                    <FieldError error=row_error field="confirm" id=format!("{confirm_id}-error") />
                </ActionForm>
                {can_delete.then(|| view! {
                    <ActionForm action=actions.delete>
                        <input type="hidden" name="id" value=id />
                        <button type="submit" class=SMALL_BUTTON>{t!(i18n, agenda.delete)}</button>
                    </ActionForm>
                })}
            </div>
        }
    });
    view! {
        <li class="rounded-md border border-slate-200 p-3" aria-labelledby=heading.clone()>
            <div class="flex flex-wrap items-center justify-between gap-2">
                <h3 id=heading_id class="font-semibold">{a.title.clone()}</h3>
                <div class="flex items-center gap-2">
                    {a.locked.then(|| view! { <span class="rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">{t!(i18n, agenda.locked)}</span> })}
                    <a class=SMALL_BUTTON href=format!("/appointments/{}/calendar.ics", a.id) download="afspraak.ics" rel="external">{t!(i18n, agenda.ics)}</a>
                </div>
            </div>
            <p class="text-sm text-slate-600">{facts}</p>
            {edit}
        </li>
    }
}
