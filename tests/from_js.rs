//! Decoding what the browser's JSON.parse made into the contract's types
//! (`api::from_js`), in headless Chromium (wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use beltmart::api::from_js;
use beltmart_contract::{City, ErrorBody, Province};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn parsed(json: &str) -> wasm_bindgen::JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn nested_lists_numbers_and_missing_optionals() {
    let province: Province = from_js(parsed(
        r#"{ "id": "zhejiang", "name_zh": "浙江", "name_en": "Zhejiang", "unknown": { "deep": [1, 2] },
             "cities": [
               { "id": "yiwu", "name_zh": "义乌", "name_en": "Yiwu", "coordinates": [120.07, 29.31],
                 "belts": [{ "id": "yiwu-socks", "name_zh": "义乌袜业", "name_en": "Yiwu socks",
                             "categories": ["socks"], "factories": 1200 }] },
               { "id": "zhuji", "name_zh": "诸暨", "name_en": "Zhuji", "coordinates": null, "belts": [] },
               { "id": "keqiao", "name_zh": "柯桥", "name_en": "Keqiao", "belts": [] }
             ] }"#,
    ))
    .unwrap();
    assert_eq!(province.name_zh, "浙江");
    let [yiwu, zhuji, keqiao] = &province.cities[..] else {
        panic!("three cities: {province:?}");
    };
    assert_eq!(yiwu.coordinates, Some([120.07, 29.31]));
    assert_eq!(yiwu.belts[0].factories, 1200);
    assert_eq!(yiwu.belts[0].categories, ["socks"]);
    assert_eq!((zhuji.coordinates, keqiao.coordinates), (None, None));
}

#[wasm_bindgen_test]
fn a_value_of_the_wrong_kind_is_an_error_that_says_so() {
    let fractional = r#"{ "id": "yiwu-socks", "name_zh": "义乌袜业", "name_en": "Yiwu socks",
                          "categories": [], "factories": 12.5 }"#;
    let error = from_js::<beltmart_contract::Belt>(parsed(fractional)).unwrap_err();
    assert!(
        error.to_string().contains("found a number, expected u32"),
        "{error}"
    );

    let missing = from_js::<City>(parsed(r#"{ "id": "yiwu" }"#)).unwrap_err();
    assert!(missing.to_string().contains("name_zh"), "{missing}");

    let not_an_object = from_js::<ErrorBody>(parsed(r#""nope""#)).unwrap_err();
    assert!(
        not_an_object.to_string().contains("found a string"),
        "{not_an_object}"
    );
}
