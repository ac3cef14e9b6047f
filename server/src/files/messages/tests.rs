use super::*;

fn zh(message: &str) -> String {
    translate(message, Language::Chinese)
}

#[test]
fn every_pair_fills_only_the_parts_its_english_has() {
    assert!(PAIRS.len() > 60, "{} pairs", PAIRS.len());
    for pair in PAIRS.iter() {
        let parts = pair.english.len() - 1;
        let markers: Vec<String> = (1..=parts).map(|n| format!("X{n}")).collect();
        let filled = fill(&pair.chinese, &markers);
        assert!(
            !filled.contains('{') || pair.english.concat().contains('{'),
            "{:?} names a part the English lacks: {filled}",
            pair.english.join("{}")
        );
        assert!(
            filled
                .chars()
                .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)),
            "{filled}"
        );
    }
}

#[test]
fn no_pair_is_hidden_behind_an_earlier_one() {
    for pair in PAIRS.iter() {
        let parts = pair.english.len() - 1;
        let markers: Vec<String> = (1..=parts).map(|n| format!("X{n}")).collect();
        let mut english = pair.english[0].clone();
        for (marker, literal) in markers.iter().zip(&pair.english[1..]) {
            english.push_str(marker);
            english.push_str(literal);
        }
        assert_eq!(zh(&english), fill(&pair.chinese, &markers), "{english}");
    }
}

#[test]
fn a_row_problem_reads_in_chinese_and_keeps_what_it_quotes() {
    assert_eq!(zh("line 12"), "第 12 行");
    assert_eq!(
        zh("\"Socks\" is not a category of the taxonomy"),
        "\"Socks\" 不在类目表里"
    );
    assert_eq!(
        zh("unit prices must fall as quantities rise: 300 fen at 100 is not below 290 fen at 10"),
        "买得越多单价应越低：100 件时 300 分，不低于 10 件时的 290 分"
    );
    assert_eq!(
        zh("图片/说明.txt: not a picture (JPEG, PNG or WebP)"),
        "图片/说明.txt：不是图片（只收 JPEG、PNG 或 WebP）"
    );
}

#[test]
fn a_headers_problems_are_translated_inside_its_message() {
    let header = "upload: line 1 (the header): unknown column \"colour\"; missing column(s) moq; \
                  the columns are id,title,moq (see docs/catalog.md)";
    assert_eq!(
        zh(header),
        "上传的文件：第 1 行（表头）：未知的列 \"colour\"；缺少列 moq；可用的列是 id,title,moq"
    );
}

#[test]
fn a_message_without_a_pair_and_an_english_reader_get_the_english() {
    assert_eq!(zh("something new went wrong"), "something new went wrong");
    assert_eq!(translate("is required", Language::English), "is required");
    assert_eq!(zh("is required"), "必填");
}

#[test]
fn a_part_that_looks_like_a_placeholder_stays_as_it_is() {
    assert_eq!(
        zh("\"{2}\" is not a city of the taxonomy"),
        "\"{2}\" 不在城市表里"
    );
}

#[test]
fn the_language_is_the_first_one_accept_language_names() {
    let of = Language::from_accept_language;
    assert_eq!(of("zh-CN,zh;q=0.9,en;q=0.8"), Language::Chinese);
    assert_eq!(of("en-US,en;q=0.9,zh-CN;q=0.8"), Language::English);
    assert_eq!(of(""), Language::English);
    assert_eq!(of("ZH-tw"), Language::Chinese);
}
