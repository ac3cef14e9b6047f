use beltmart_contract::{PriceTier, ShipTo, Supplier};

use super::*;

const TODAY: u32 = 20_000;

fn sock(id: &str) -> Option<ProductDetail> {
    (id == "yw-sock-001" || id == "yw-sock-002").then(|| ProductDetail {
        id: id.into(),
        title: "精梳棉船袜".into(),
        price_fen: 350,
        moq: 10,
        unit: "双".into(),
        category: "socks".into(),
        city: "yiwu".into(),
        belt: "yiwu-socks".into(),
        images: vec![],
        pictures: vec![],
        goods_kind: "white-label".into(),
        sales_30d: 0,
        listed_on: "2026-01-01".into(),
        tiers: vec![
            PriceTier {
                min_qty: 10,
                price_fen: 350,
            },
            PriceTier {
                min_qty: 100,
                price_fen: 290,
            },
        ],
        supplier: Supplier {
            id: "yiwu-2".into(),
            name: "义乌万顺".into(),
            kind: "source-factory".into(),
            years: 3,
        },
    })
}

fn asking(lines: &[(&str, u32)]) -> NewInquiry {
    NewInquiry {
        lines: lines
            .iter()
            .map(|(product, quantity)| AskedLine {
                product: (*product).into(),
                quantity: *quantity,
                ..AskedLine::default()
            })
            .collect(),
        buyer: Buyer {
            name: " 王女士 ".into(),
            phone: Some("+86 138-0013-8000".into()),
            ..Buyer::default()
        },
        ship_to: Some(ShipTo {
            city: "深圳".into(),
        }),
        ..NewInquiry::default()
    }
}

fn fields(result: Result<Checked, Vec<FieldProblem>>) -> Vec<String> {
    result
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|p| p.field)
        .collect()
}

#[test]
fn a_line_keeps_the_tier_price_at_its_quantity_and_below_the_moq_the_first() {
    let checked = check(
        &asking(&[("yw-sock-001", 120), ("yw-sock-002", 3)]),
        sock,
        TODAY,
    )
    .unwrap();
    let prices: Vec<u32> = checked.lines.iter().map(|l| l.tier_price_fen).collect();
    assert_eq!(prices, [290, 350]);
    assert_eq!(checked.buyer.name, "王女士");
    assert_eq!(checked.buyer.phone.as_deref(), Some("13800138000"));
    assert_eq!(checked.lines[0].supplier, "yiwu-2");
}

#[test]
fn every_bad_field_is_named_at_once() {
    let mut new = asking(&[("yw-sock-001", 0), ("nope", 5), ("yw-sock-001", 5)]);
    new.lines[0].target_price_fen = Some(0);
    new.lines[0].note = Some("x".repeat(501));
    new.buyer = Buyer {
        name: "  ".into(),
        phone: Some("12345".into()),
        wechat: Some("1abc".into()),
        email: Some("not-an-email".into()),
        company: None,
    };
    new.needed_by = Some("2020-13-01".into());
    new.message = Some("hi\u{7}".into());
    assert_eq!(
        fields(check(&new, sock, TODAY)),
        [
            "lines[0].quantity",
            "lines[0].target_price_fen",
            "lines[0].note",
            "lines[1].product",
            "lines[2].product",
            "buyer.name",
            "buyer.phone",
            "buyer.wechat",
            "buyer.email",
            "needed_by",
            "message",
        ]
    );
}

#[test]
fn a_buyer_needs_a_way_back_and_lines_have_limits() {
    let mut new = asking(&[("yw-sock-001", 10)]);
    new.buyer.phone = Some("   ".into());
    assert_eq!(fields(check(&new, sock, TODAY)), ["buyer"]);
    let none = asking(&[]);
    assert_eq!(fields(check(&none, sock, TODAY)), ["lines"]);
    let many: Vec<(&str, u32)> = vec![("yw-sock-001", 10); 101];
    assert_eq!(fields(check(&asking(&many), sock, TODAY)), ["lines"]);
}

#[test]
fn contact_forms_are_read_as_people_write_them() {
    let mut problems = Problems::default();
    for (given, kept) in [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("0086-138-0013-8000", "13800138000"),
    ] {
        assert_eq!(
            contact::phone(&mut problems, Some(given)).as_deref(),
            Some(kept)
        );
    }
    assert_eq!(
        contact::wechat(&mut problems, Some("wxid_a1b2")).as_deref(),
        Some("wxid_a1b2")
    );
    assert_eq!(
        contact::email(&mut problems, Some("Wang@Example.CN")).as_deref(),
        Some("wang@example.cn")
    );
    for bad in ["12800138000", "1380013800", "23800138000"] {
        assert_eq!(contact::phone(&mut problems, Some(bad)), None, "{bad}");
    }
}
