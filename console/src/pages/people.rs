//! The owner's people: who has an account and where they are signed in;
//! inviting (a one-time link to pass on), disabling, enabling, resetting.

use beltmart_contract::{Invite, People, Person, PersonChange, PersonChanged, Role, path};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::parts::{Problem, TextField};
use crate::texts::use_texts;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let texts = use_texts();
    let people = RwSignal::new(None::<Vec<Person>>);
    let failed = RwSignal::new(None::<Failure>);
    let link = RwSignal::new(None::<String>);
    let reload = move || {
        spawn_local(async move {
            match api::get::<People>(path::CONSOLE_PEOPLE).await {
                Ok(list) => people.set(Some(list.people)),
                Err(failure) => failed.set(Some(failure)),
            }
        })
    };
    reload();
    let changed = move |answer: Result<PersonChanged, Failure>| match answer {
        Ok(done) => {
            let origin = window().location().origin().unwrap_or_default();
            link.set(done.setup_link.map(|path| format!("{origin}{path}")));
            failed.set(None);
            reload();
        }
        Err(failure) => failed.set(Some(failure)),
    };
    let act = move |email: String, action: &'static str| {
        let body = PersonChange {
            email,
            action: action.into(),
        };
        spawn_local(async move { changed(api::send("PATCH", path::CONSOLE_PEOPLE, &body).await) });
    };
    let (email, supplier, factory) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(true),
    );
    let invite = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = Invite {
            email: email.get_untracked(),
            role: if factory.get_untracked() {
                Role::Factory
            } else {
                Role::Owner
            },
            supplier: factory.get_untracked().then(|| supplier.get_untracked()),
        };
        spawn_local(async move { changed(api::send("POST", path::CONSOLE_PEOPLE, &body).await) });
    };
    let status = move |status: &str| match status {
        "active" => texts().status_active,
        "disabled" => texts().status_disabled,
        _ => texts().status_invited,
    };
    view! {
        <section class="card">
            <h1>{move || texts().people_title}</h1>
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            {move || {
                link.get()
                    .map(|link| {
                        view! {
                            <p class="ok" role="status">
                                {texts().link_to_pass}
                                <br />
                                <code data-test="link">{link}</code>
                            </p>
                        }
                    })
            }}
            <ul class="people">
                {move || {
                    people
                        .get()
                        .unwrap_or_default()
                        .into_iter()
                        .map(|person| {
                            let (one, two, three) = (
                                person.email.clone(),
                                person.email.clone(),
                                person.email.clone(),
                            );
                            let disabled = person.status == "disabled";
                            let where_ = person
                                .sessions
                                .iter()
                                .map(|s| s.client.clone())
                                .collect::<Vec<_>>()
                                .join(", ");
                            view! {
                                <li>
                                    <strong>{person.email.clone()}</strong>
                                    " · "
                                    {match person.role {
                                        Role::Owner => texts().role_owner,
                                        Role::Factory => texts().role_factory,
                                    }}
                                    {person.supplier.clone().map(|s| format!(" · {s}"))}
                                    " · "
                                    {status(&person.status)}
                                    {(!where_.is_empty())
                                        .then(|| format!(" · {}: {where_}", texts().sessions))}
                                    <span class="actions">
                                        {if disabled {
                                            view! {
                                                <button
                                                    class="link"
                                                    on:click=move |_| act(one.clone(), "enable")
                                                >
                                                    {texts().enable}
                                                </button>
                                            }
                                                .into_any()
                                        } else {
                                            view! {
                                                <button
                                                    class="link"
                                                    on:click=move |_| act(two.clone(), "disable")
                                                >
                                                    {texts().disable}
                                                </button>
                                            }
                                                .into_any()
                                        }}
                                        <button
                                            class="link"
                                            on:click=move |_| act(three.clone(), "reset")
                                        >
                                            {texts().reset}
                                        </button>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <form on:submit=invite>
                <h2>{move || texts().invite_title}</h2>
                <TextField
                    label=move || texts().email
                    name="invite-email"
                    value=email
                    kind="email"
                    required=true
                />
                <label class="choice">
                    <input
                        type="radio"
                        name="role"
                        checked=factory
                        on:change=move |_| factory.set(true)
                    />
                    {move || texts().role_factory}
                </label>
                <label class="choice">
                    <input
                        type="radio"
                        name="role"
                        checked=move || !factory.get()
                        on:change=move |_| factory.set(false)
                    />
                    {move || texts().role_owner}
                </label>
                {move || {
                    factory
                        .get()
                        .then(|| {
                            view! {
                                <TextField
                                    label=texts().supplier
                                    name="invite-supplier"
                                    value=supplier
                                    required=true
                                />
                            }
                        })
                }}
                <button type="submit" class="primary">
                    {move || texts().invite}
                </button>
            </form>
        </section>
    }
}
