//! 询价单 in the console: the inbox (status chips with counts, a search, the
//! unread marked), and one inquiry with the buyer's contact, its lines as
//! asked, its thread, a quote form prefilled with the tier prices at each
//! asked quantity, a message box, and "spam".

use beltmart_contract::{
    FactoryMessage, Inbox, InboxItem, Inquiry, InquiryLine, InquiryStatus, Party, Quote, QuoteLine,
    ThreadEntry, format_yuan, parse_yuan, path,
};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Failure};
use crate::parts::{Problem, TextField};
use crate::texts::use_texts;

#[component]
pub fn InquiriesPage() -> impl IntoView {
    let open = RwSignal::new(None::<String>);
    view! {
        <section class="card">
            {move || match open.get() {
                Some(id) => view! { <InquiryView id=id open=open /> }.into_any(),
                None => view! { <InboxView open=open /> }.into_any(),
            }}
        </section>
    }
}

fn inbox_path(status: Option<InquiryStatus>, search: &str, page: u32) -> String {
    let mut query = vec![format!("page={page}")];
    if let Some(status) = status {
        query.push(format!("status={}", status.as_str()));
    }
    if !search.trim().is_empty() {
        query.push(format!("q={}", js_sys::encode_uri_component(search.trim())));
    }
    format!("{}?{}", path::CONSOLE_INQUIRIES, query.join("&"))
}

#[component]
fn InboxView(open: RwSignal<Option<String>>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let status = RwSignal::new(None::<InquiryStatus>);
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(1u32);
    let inbox = RwSignal::new(None::<Inbox>);
    let items = RwSignal::new(Vec::<InboxItem>::new());
    let failed = RwSignal::new(None::<Failure>);
    Effect::new(move |_| {
        let at = inbox_path(status.get(), &search.get(), page.get());
        let first = page.get_untracked() == 1;
        spawn_local(async move {
            match api::get::<Inbox>(&at).await {
                Ok(got) => {
                    items.update(|all| {
                        if first {
                            all.clear();
                        }
                        all.extend(got.items.iter().cloned());
                    });
                    inbox.set(Some(got));
                    failed.set(None);
                }
                Err(failure) => failed.set(Some(failure)),
            }
        });
    });
    let choose = move |which: Option<InquiryStatus>| {
        page.set(1);
        status.set(which);
    };
    let chip = move |which: Option<InquiryStatus>| {
        let count = move || {
            inbox.get().map_or(0, |inbox| match which {
                None => inbox.counts.iter().map(|c| c.count).sum(),
                Some(s) => inbox
                    .counts
                    .iter()
                    .find(|c| c.status == s)
                    .map_or(0, |c| c.count),
            })
        };
        let label = move || which.map_or(t().all, |s| t().status(s));
        view! {
            <button
                class="tab"
                aria-pressed=move || (status.get() == which).to_string()
                on:click=move |_| choose(which)
            >
                {label}
                " "
                {count}
            </button>
        }
    };
    view! {
        <h1>
            {move || t().title}
            {move || {
                inbox
                    .get()
                    .filter(|i| i.unread > 0)
                    .map(|i| view! { <span class="badge">{i.unread} " " {t().unread}</span> })
            }}
        </h1>
        <nav class="tabs">
            {chip(None)} {InquiryStatus::ALL.into_iter().map(|s| chip(Some(s))).collect_view()}
        </nav>
        <TextField label=move || t().search name="q" value=search kind="search" />
        {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
        <ul class="inbox" data-test="inbox">
            {move || {
                items
                    .get()
                    .into_iter()
                    .map(|item| view! { <Row item=item open=open /> })
                    .collect_view()
            }}
        </ul>
        {move || {
            let empty = items.with(Vec::is_empty) && inbox.get().is_some();
            empty.then(|| view! { <p class="muted">{t().none}</p> })
        }}
        {move || {
            inbox
                .get()
                .filter(|i| i.more)
                .map(|_| {
                    view! { <button on:click=move |_| page.update(|p| *p += 1)>{t().more}</button> }
                })
        }}
    }
}

#[component]
fn Row(item: InboxItem, open: RwSignal<Option<String>>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let id = item.id.clone();
    let status = item.status;
    view! {
        <li class:unread=item.unread>
            <button class="row" on:click=move |_| open.set(Some(id.clone()))>
                <strong>{item.reference}</strong>
                " · "
                {item.buyer}
                <span class="muted">
                    " · " {item.title} " · " {item.lines} " " {move || t().lines}
                </span>
                <span class="status">{move || t().status(status)}</span>
            </button>
        </li>
    }
}

#[component]
fn InquiryView(id: String, open: RwSignal<Option<String>>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let inquiry = RwSignal::new(None::<Inquiry>);
    let failed = RwSignal::new(None::<Failure>);
    let at = path::CONSOLE_INQUIRY.replace("{id}", &id);
    spawn_local(async move {
        match api::get::<Inquiry>(&at).await {
            Ok(got) => inquiry.set(Some(got)),
            Err(failure) => failed.set(Some(failure)),
        }
    });
    view! {
        <button class="link" on:click=move |_| open.set(None)>
            {move || t().back}
        </button>
        {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
        {move || inquiry.get().map(|i| view! { <Details inquiry=i current=inquiry /> })}
    }
}

#[component]
fn Details(inquiry: Inquiry, current: RwSignal<Option<Inquiry>>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let status = inquiry.status;
    let open = status.is_open();
    view! {
        <h1>
            {inquiry.reference.clone()} " " <span class="status" data-test="status">
                {move || t().status(status)}
            </span>
        </h1>
        <Buyer inquiry=inquiry.clone() />
        <Lines lines=inquiry.lines.clone() />
        <h2>{move || t().thread}</h2>
        <ol class="thread" data-test="thread">
            {inquiry.thread.iter().cloned().map(|e| view! { <Entry entry=e /> }).collect_view()}
        </ol>
        {match open {
            true => {
                view! {
                    <QuoteForm inquiry=inquiry.clone() current=current />
                    <MessageForm id=inquiry.id.clone() current=current />
                }
                    .into_any()
            }
            false => view! { <p class="muted">{move || t().closed}</p> }.into_any(),
        }}
        {(status != InquiryStatus::Spam && status != InquiryStatus::Withdrawn)
            .then(|| view! { <SpamButton id=inquiry.id.clone() current=current /> })}
    }
}

#[component]
fn Buyer(inquiry: Inquiry) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let Some(buyer) = inquiry.buyer else {
        return view! { <p class="muted">{move || t().withdrawn_buyer}</p> }.into_any();
    };
    view! {
        <dl class="facts" data-test="buyer">
            <Fact label=move || t().buyer value=Some(buyer.name) />
            <Fact label=move || t().phone value=buyer.phone />
            <Fact label=move || t().wechat value=buyer.wechat />
            <Fact label=move || texts().email value=buyer.email />
            <Fact label=move || t().company value=buyer.company />
            <Fact label=move || t().ship_to value=inquiry.ship_to.map(|s| s.city) />
            <Fact label=move || t().needed_by value=inquiry.needed_by />
        </dl>
        {inquiry.message.map(|m| view! { <blockquote>{m}</blockquote> })}
    }
    .into_any()
}

#[component]
fn Fact(#[prop(into)] label: Signal<&'static str>, value: Option<String>) -> impl IntoView {
    value.map(|value| {
        view! {
            <dt>{label}</dt>
            <dd>{value}</dd>
        }
    })
}

#[component]
fn Lines(lines: Vec<InquiryLine>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    view! {
        <div class="report">
            <table>
                <thead>
                    <tr>
                        <th>{move || t().col_product}</th>
                        <th>{move || t().col_quantity}</th>
                        <th>{move || t().col_moq}</th>
                        <th>{move || t().col_tier}</th>
                        <th>{move || t().col_target}</th>
                    </tr>
                </thead>
                <tbody>
                    {lines
                        .into_iter()
                        .map(|line| {
                            let below = line.below_moq();
                            view! {
                                <tr>
                                    <td>
                                        {line.title} <br /> <code>{line.product}</code>
                                        {line
                                            .note
                                            .map(|n| {
                                                view! {
                                                    <br />
                                                    <small>{n}</small>
                                                }
                                            })}
                                    </td>
                                    <td>
                                        {line.quantity} " " {line.unit}
                                        {below.then(|| view! { <BelowMoq /> })}
                                    </td>
                                    <td>{line.moq}</td>
                                    <td>"¥" {format_yuan(line.tier_price_fen)}</td>
                                    <td>
                                        {line
                                            .target_price_fen
                                            .map(|p| format!("¥{}", format_yuan(p)))}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn BelowMoq() -> impl IntoView {
    let texts = use_texts();
    view! {
        <br />
        <small class="problem">{move || texts().inquiries.below_moq}</small>
    }
}

#[component]
fn Entry(entry: ThreadEntry) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let who = entry.from;
    let kind = entry.kind;
    let quote = entry.quote.map(|q| {
        let lines = q.lines.into_iter().map(|l| {
            let lead = l.lead_time_days.map(|d| format!(" · {d}d"));
            format!(
                "{} × {} @ ¥{}{}",
                l.product,
                l.quantity,
                format_yuan(l.unit_price_fen),
                lead.unwrap_or_default()
            )
        });
        let mut text = lines.collect::<Vec<_>>().join("\n");
        if let Some(until) = q.valid_until {
            text.push_str(&format!("\n≤ {until}"));
        }
        (q.number, text, q.note)
    });
    let counter: Vec<String> = entry
        .counter
        .iter()
        .map(|c| {
            format!(
                "{} × {} @ ¥{}",
                c.product,
                c.quantity,
                format_yuan(c.unit_price_fen)
            )
        })
        .collect();
    view! {
        <li class:from-buyer=who == Party::Buyer>
            <strong>
                {move || match who {
                    Party::Buyer => t().buyer_says,
                    Party::Factory => t().factory_says,
                }}
            </strong>
            " "
            {move || t().entry(kind)}
            {entry.quote_number.map(|n| format!(" #{n}"))}
            {quote
                .map(|(number, text, note)| {
                    view! {
                        <p>{move || t().quote_no} " #" {number}</p>
                        <pre>{text}</pre>
                        {note.map(|n| view! { <p>{n}</p> })}
                    }
                })}
            {entry.text.map(|text| view! { <p class="said">{text}</p> })}
            {(!counter.is_empty())
                .then(|| {
                    view! {
                        <p>{move || t().counter}</p>
                        <pre>{counter.join("\n")}</pre>
                    }
                })}
        </li>
    }
}

/// One line of the quote being written: the inputs, as text.
#[derive(Clone, Copy)]
struct QuoteInputs {
    price: RwSignal<String>,
    quantity: RwSignal<String>,
    lead: RwSignal<String>,
}

#[component]
fn QuoteForm(inquiry: Inquiry, current: RwSignal<Option<Inquiry>>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let inputs: Vec<(InquiryLine, QuoteInputs)> = inquiry
        .lines
        .iter()
        .map(|line| {
            let inputs = QuoteInputs {
                price: RwSignal::new(format_yuan(line.tier_price_fen)),
                quantity: RwSignal::new(line.quantity.max(line.moq).to_string()),
                lead: RwSignal::new(String::new()),
            };
            (line.clone(), inputs)
        })
        .collect();
    let valid_until = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<Failure>);
    let bad_price = RwSignal::new(false);
    let at = path::CONSOLE_INQUIRY_QUOTE.replace("{id}", &inquiry.id);
    let lines = StoredValue::new(inputs.clone());
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(quote) = quote_of(
            &lines.get_value(),
            &valid_until.get_untracked(),
            &note.get_untracked(),
        ) else {
            bad_price.set(true);
            return;
        };
        bad_price.set(false);
        let at = at.clone();
        spawn_local(async move {
            match api::send::<Inquiry>("POST", &at, &quote).await {
                Ok(now) => current.set(Some(now)),
                Err(failure) => failed.set(Some(failure)),
            }
        });
    };
    view! {
        <form class="quote" on:submit=send data-test="quote">
            <h2>{move || t().quote_title}</h2>
            {inputs
                .into_iter()
                .map(|(line, input)| {
                    view! {
                        <fieldset>
                            <legend>{line.title}</legend>
                            <div class="fields">
                                <TextField
                                    label=move || t().unit_price
                                    name="unit_price"
                                    value=input.price
                                />
                                <TextField
                                    label=move || t().col_quantity
                                    name="quantity"
                                    value=input.quantity
                                    numeric=true
                                />
                                <TextField
                                    label=move || t().lead_days
                                    name="lead_days"
                                    value=input.lead
                                    numeric=true
                                />
                            </div>
                        </fieldset>
                    }
                })
                .collect_view()}
            <TextField
                label=move || t().valid_until
                name="valid_until"
                value=valid_until
                kind="date"
            />
            <TextField label=move || t().note name="note" value=note />
            {move || {
                bad_price
                    .get()
                    .then(|| {
                        view! {
                            <p class="problem" role="alert">
                                {t().bad_price}
                            </p>
                        }
                    })
            }}
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            <button type="submit" class="primary">
                {move || t().send_quote}
            </button>
        </form>
    }
}

/// The quote the inputs say; `None` when a price or a quantity is not a number.
fn quote_of(lines: &[(InquiryLine, QuoteInputs)], valid_until: &str, note: &str) -> Option<Quote> {
    let lines = lines
        .iter()
        .map(|(line, input)| {
            let lead = input.lead.get_untracked();
            Some(QuoteLine {
                product: line.product.clone(),
                quantity: input.quantity.get_untracked().trim().parse().ok()?,
                unit_price_fen: parse_yuan(input.price.get_untracked().trim())?,
                lead_time_days: match lead.trim() {
                    "" => None,
                    days => Some(days.parse().ok()?),
                },
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let given = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_owned());
    Some(Quote {
        number: 0,
        lines,
        valid_until: given(valid_until),
        note: given(note),
    })
}

#[component]
fn MessageForm(id: String, current: RwSignal<Option<Inquiry>>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let text = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<Failure>);
    let at = path::CONSOLE_INQUIRY_MESSAGES.replace("{id}", &id);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = FactoryMessage {
            text: text.get_untracked(),
        };
        let at = at.clone();
        spawn_local(async move {
            match api::send::<Inquiry>("POST", &at, &body).await {
                Ok(now) => current.set(Some(now)),
                Err(failure) => failed.set(Some(failure)),
            }
        });
    };
    view! {
        <form on:submit=send data-test="message">
            <TextField label=move || t().message name="message" value=text required=true />
            {move || failed.get().map(|failure| view! { <Problem failure=failure /> })}
            <button type="submit">{move || t().send_message}</button>
        </form>
    }
}

#[component]
fn SpamButton(id: String, current: RwSignal<Option<Inquiry>>) -> impl IntoView {
    let texts = use_texts();
    let t = move || texts().inquiries;
    let at = path::CONSOLE_INQUIRY_SPAM.replace("{id}", &id);
    let mark = move |_| {
        let at = at.clone();
        spawn_local(async move {
            if let Ok(now) = api::send::<Inquiry>("POST", &at, &()).await {
                current.set(Some(now));
            }
        });
    };
    view! {
        <p>
            <button class="link" on:click=mark>
                {move || t().mark_spam}
            </button>
        </p>
    }
}
