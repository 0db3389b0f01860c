use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::invitations::{invitation_details, AcceptInvitation};
use crate::components::errors::{action_error, banner_error, FormError, LoadError};
use crate::components::form::{AgreeField, TextField, CENTERED_CARD};
use crate::components::labels::role_label;
use crate::i18n::*;

/// Where an invitation link leads: choose a password, accept the terms, and you are in.
#[component]
pub fn InvitePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let details = Resource::new(token, invitation_details);
    let accept = ServerAction::<AcceptInvitation>::new();
    let error = action_error(accept);
    let banner = banner_error(error);
    view! {
        <Title text=t_string!(i18n, invite.title).to_string() />
        <section class=CENTERED_CARD>
            <h1 class="text-2xl font-bold">{t!(i18n, invite.title)}</h1>
            <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
                {move || Suspend::new(async move {
                    match details.await {
                        Ok(info) => view! {
                            <p class="mt-2 text-slate-700">
                                {t_string!(i18n, invite.intro)
                                    .replace("%organization%", &info.organization_name)
                                    .replace("%role%", &role_label(i18n, info.role).to_lowercase())}
                            </p>
                            <p class="mt-1 text-sm text-slate-600">{info.name.clone()} " · " {info.email.clone()}</p>
                            <ActionForm action=accept attr:class="mt-4 space-y-4" attr:novalidate="true">
                                <FormError error=banner />
                                <input type="hidden" name="token" value=token() />
                                <TextField name="password" input_type="password" autocomplete="new-password" error>
                                    {t!(i18n, invite.password)}
                                </TextField>
                                <p class="-mt-3 text-sm text-slate-600">{t!(i18n, invite.password_hint)}</p>
                                <AgreeField error />
                                <button type="submit" class="w-full rounded-md bg-teal-700 px-4 py-2 font-medium text-white hover:bg-teal-800">
                                    {t!(i18n, invite.submit)}
                                </button>
                            </ActionForm>
                        }.into_any(),
                        Err(error) => view! { <div class="mt-4"><LoadError error /></div> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
