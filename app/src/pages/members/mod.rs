use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::members::{
    members_overview, ChangeMemberRole, InvitationRow, InviteMember, MemberRow, RemoveMember,
    ResendInvitation, RevokeInvitation, SeatsDto, SetMemberArchived, SetMemberSuspended,
};
use crate::components::errors::{action_error, banner_error, FieldError, FormError, LoadError};
use crate::components::form::{TextField, INPUT, NARROW_CARD};
use crate::components::labels::{licence_label, role_label};
use crate::i18n::*;
use crate::types::Role;

const BUTTON: &str = "rounded border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100";

/// The owner's view of the organization's people: seats, invitations, members.
#[component]
pub fn MembersPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteMember>::new();
    let resend = ServerAction::<ResendInvitation>::new();
    let revoke = ServerAction::<RevokeInvitation>::new();
    let suspend = ServerAction::<SetMemberSuspended>::new();
    let role = ServerAction::<ChangeMemberRole>::new();
    let remove = ServerAction::<RemoveMember>::new();
    let archive = ServerAction::<SetMemberArchived>::new();
    let overview = Resource::new(
        move || {
            (
                invite.version().get(),
                resend.version().get(),
                revoke.version().get(),
                suspend.version().get(),
                role.version().get(),
                remove.version().get(),
                archive.version().get(),
            )
        },
        |_| members_overview(),
    );
    let invite_error = action_error(invite);
    let invite_banner = banner_error(invite_error);
    let invited = move || invite.value().get().and_then(|r| r.ok());
    let row_error = Signal::derive(move || {
        [
            action_error(resend),
            action_error(revoke),
            action_error(suspend),
            action_error(role),
            action_error(remove),
            action_error(archive),
        ]
        .iter()
        .find_map(|e| e.get())
    });

    view! {
        <Title text=t_string!(i18n, members.title).to_string() />
        <h1 class="text-2xl font-bold">{t!(i18n, members.title)}</h1>
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || Suspend::new(async move {
                match overview.await {
                    Ok(data) => view! {
                        <Seats seats=data.seats />
                        <FormError error=row_error />
                        <Invitations rows=data.invitations resend revoke />
                        <Members rows=data.members suspend role remove archive />
                    }.into_any(),
                    Err(error) => view! { <LoadError error /> }.into_any(),
                }
            })}
        </Suspense>
        <section class=NARROW_CARD aria-labelledby="invite-heading">
            <h2 id="invite-heading" class="text-lg font-semibold">{t!(i18n, members.invite_heading)}</h2>
            <ActionForm action=invite attr:class="mt-3 space-y-3" attr:novalidate="true">
                <FormError error=invite_banner />
                {move || invited().map(|row| view! {
                    <p role="status" class="rounded-md bg-teal-50 px-3 py-2 text-sm text-teal-900">
                        {t_string!(i18n, members.invited).replace("%email%", &row.email)}
                    </p>
                })}
                <TextField name="name" autocomplete="off" error=invite_error>
                    {t!(i18n, members.name)}
                </TextField>
                <TextField name="email" input_type="email" autocomplete="off" error=invite_error>
                    {t!(i18n, members.email)}
                </TextField>
                <div>
                    <label for="role" class="block font-medium">{t!(i18n, members.role)}</label>
                    <select id="role" name="role" class=INPUT aria-describedby="role-error">
                        <option value="client">{t!(i18n, roles.client)}</option>
                        <option value="coach">{t!(i18n, roles.coach)}</option>
                    </select>
                    <FieldError error=invite_error field="role" id="role-error" />
                </div>
                <button type="submit" class="rounded-md bg-teal-700 px-4 py-2 font-medium text-white hover:bg-teal-800">
                    {t!(i18n, members.invite_submit)}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn Seats(seats: SeatsDto) -> impl IntoView {
    let i18n = use_i18n();
    let of = move |used: i64, limit: i64| {
        t_string!(i18n, members.seats_of)
            .replace("%used%", &used.to_string())
            .replace("%limit%", &limit.to_string())
    };
    view! {
        <p class="mt-2 text-slate-700">
            {t!(i18n, dashboard.licence)} ": " {licence_label(i18n, seats.licence)}
        </p>
        <dl class="mt-3 grid max-w-xl grid-cols-2 gap-3">
            <div class="rounded-lg border border-slate-200 bg-white p-3">
                <dt class="text-sm text-slate-600">{t!(i18n, members.seats_coaches)}</dt>
                <dd class="text-lg font-semibold">{of(seats.coaches_used, seats.coaches_limit)}</dd>
            </div>
            <div class="rounded-lg border border-slate-200 bg-white p-3">
                <dt class="text-sm text-slate-600">{t!(i18n, members.seats_clients)}</dt>
                <dd class="text-lg font-semibold">{of(seats.clients_used, seats.clients_limit)}</dd>
            </div>
        </dl>
    }
}

#[component]
fn Invitations(
    rows: Vec<InvitationRow>,
    resend: ServerAction<ResendInvitation>,
    revoke: ServerAction<RevokeInvitation>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-8" aria-labelledby="invitations-heading">
            <h2 id="invitations-heading" class="text-lg font-semibold">{t!(i18n, members.invitations_heading)}</h2>
            {if rows.is_empty() {
                view! { <p class="mt-2 text-slate-600">{t!(i18n, members.no_invitations)}</p> }.into_any()
            } else {
                view! {
                    <ul class="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
                        {rows.into_iter().map(|row| {
                            let state = if row.expired {
                                t_string!(i18n, members.expired).to_string()
                            } else {
                                t_string!(i18n, members.expires).replace("%date%", &row.expires_on)
                            };
                            let resend_label = format!("{} {}", t_string!(i18n, members.resend), row.name);
                            let revoke_label = format!("{} {}", t_string!(i18n, members.revoke), row.name);
                            view! {
                                <li class="flex flex-wrap items-center justify-between gap-2 p-3">
                                    <div>
                                        <p class="font-medium">{row.name.clone()} " · " {role_label(i18n, row.role)}</p>
                                        <p class="text-sm text-slate-600">{row.email.clone()} " · " {state}</p>
                                    </div>
                                    <div class="flex gap-2">
                                        <ActionForm action=resend>
                                            <input type="hidden" name="id" value=row.id />
                                            <button type="submit" class=BUTTON aria-label=resend_label>{t!(i18n, members.resend)}</button>
                                        </ActionForm>
                                        <ActionForm action=revoke>
                                            <input type="hidden" name="id" value=row.id />
                                            <button type="submit" class=BUTTON aria-label=revoke_label>{t!(i18n, members.revoke)}</button>
                                        </ActionForm>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Members(
    rows: Vec<MemberRow>,
    suspend: ServerAction<SetMemberSuspended>,
    role: ServerAction<ChangeMemberRole>,
    remove: ServerAction<RemoveMember>,
    archive: ServerAction<SetMemberArchived>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="mt-8" aria-labelledby="members-heading">
            <h2 id="members-heading" class="text-lg font-semibold">{t!(i18n, members.members_heading)}</h2>
            <ul class="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
                {rows.into_iter().map(|row| {
                    let status = if row.archived {
                        t_string!(i18n, status.archived)
                    } else if row.suspended {
                        t_string!(i18n, status.suspended)
                    } else {
                        t_string!(i18n, status.active)
                    };
                    let actions = (!row.is_you).then(|| {
                        let (suspend_value, suspend_text) = if row.suspended {
                            ("false", t_string!(i18n, members.reactivate))
                        } else {
                            ("true", t_string!(i18n, members.suspend))
                        };
                        let role_change = match row.role {
                            Role::Coach => Some(("owner", t_string!(i18n, members.make_owner))),
                            Role::Owner => Some(("coach", t_string!(i18n, members.make_coach))),
                            Role::Client | Role::Operator => None,
                        };
                        let name = row.name.clone();
                        let role_name = row.name.clone();
                        let archive_name = row.name.clone();
                        let archive_change = (row.role == Role::Client).then(|| {
                            if row.archived {
                                ("false", t_string!(i18n, members.unarchive))
                            } else {
                                ("true", t_string!(i18n, members.archive))
                            }
                        });
                        let remove_label = format!("{} {}", t_string!(i18n, members.remove), row.name);
                        view! {
                            <div class="flex flex-wrap gap-2">
                                {(!row.archived).then(|| view! {
                                    <ActionForm action=suspend>
                                        <input type="hidden" name="id" value=row.id />
                                        <input type="hidden" name="suspend" value=suspend_value />
                                        <button type="submit" class=BUTTON aria-label=format!("{suspend_text} {name}")>{suspend_text}</button>
                                    </ActionForm>
                                })}
                                {role_change.map(|(value, text)| view! {
                                    <ActionForm action=role>
                                        <input type="hidden" name="id" value=row.id />
                                        <input type="hidden" name="role" value=value />
                                        <button type="submit" class=BUTTON aria-label=format!("{text} {role_name}")>{text}</button>
                                    </ActionForm>
                                })}
                                {archive_change.map(|(value, text)| view! {
                                    <ActionForm action=archive>
                                        <input type="hidden" name="id" value=row.id />
                                        <input type="hidden" name="archive" value=value />
                                        <button type="submit" class=BUTTON aria-label=format!("{text} {archive_name}")>{text}</button>
                                    </ActionForm>
                                })}
                                <ActionForm action=remove>
                                    <input type="hidden" name="id" value=row.id />
                                    <button
                                        type="submit"
                                        class="rounded border border-red-300 px-2 py-1 text-sm text-red-800 hover:bg-red-50"
                                        aria-label=remove_label
                                    >
                                        {t!(i18n, members.remove)}
                                    </button>
                                </ActionForm>
                            </div>
                        }
                    });
                    view! {
                        <li class="flex flex-wrap items-center justify-between gap-2 p-3">
                            <div>
                                <p class="font-medium">
                                    {row.name.clone()}
                                    {row.is_you.then(|| view! { " " <span class="text-sm text-slate-600">{t!(i18n, members.you)}</span> })}
                                </p>
                                <p class="text-sm text-slate-600">
                                    {row.email.clone()} " · " {role_label(i18n, row.role)} " · " {status}
                                </p>
                            </div>
                            {actions}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
