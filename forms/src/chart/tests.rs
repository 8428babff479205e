mod xml;

use xml::{Node, parse, relative, root, title_of, with_class};

use super::lines::LOOKS;
use super::svg::{BAR, HIGHLIGHT, MUTED, TEXT};
use super::ticks::Axis;
use super::{Bar, BarChart, LineChart, Series, bars, bars_table, format_number, lines, lines_table};

fn bar(label: &str, value: Option<f64>) -> Bar {
    Bar { label: label.into(), value, highlight: false }
}

fn bar_chart(bars: Vec<Bar>) -> BarChart {
    BarChart { id: "women".into(), title: "Доля женщин, 2025 г.".into(), unit: "%".into(), places: 1, bars }
}

fn line_chart(periods: &[&str], series: Vec<Series>) -> LineChart {
    LineChart {
        id: "members".into(),
        title: "Охват профсоюзным членством".into(),
        unit: "%".into(),
        places: 1,
        periods: periods.iter().map(|p| (*p).to_owned()).collect(),
        series,
    }
}

fn series(name: &str, values: &[Option<f64>]) -> Series {
    Series { name: name.into(), values: values.to_vec() }
}

fn regions() -> BarChart {
    bar_chart(vec![
        bar("Московская областная организация", Some(61.25)),
        bar("Тульская организация", Some(48.0)),
        bar("Калужская организация", None),
        Bar { label: "Союз в целом".into(), value: Some(52.4), highlight: true },
    ])
}

fn quarters() -> LineChart {
    line_chart(
        &["2025 г.", "I кв. 2026", "II кв. 2026", "III кв. 2026"],
        vec![
            series("Союз в целом", &[Some(41.0), Some(42.5), Some(43.1), Some(44.0)]),
            series("Тульская организация", &[Some(38.0), None, Some(40.2), Some(39.9)]),
        ],
    )
}

#[test]
fn charts_are_well_formed_svg_named_by_their_title_and_described() {
    for (svg, id) in [(bars(&regions()), "women"), (lines(&quarters()), "members")] {
        let nodes = parse(&svg);
        let root = root(&nodes);
        assert_eq!(root.name, "svg");
        assert_eq!(root.get("xmlns"), Some("http://www.w3.org/2000/svg"));
        assert_eq!(root.get("role"), Some("img"));
        assert_eq!(root.get("aria-labelledby"), Some(format!("{id}-title {id}-desc").as_str()));
        let title = nodes.iter().position(|n| n.get("id") == Some(&format!("{id}-title"))).expect("title");
        let desc = nodes.iter().position(|n| n.get("id") == Some(&format!("{id}-desc"))).expect("desc");
        assert_eq!((nodes[title].name.as_str(), nodes[title].parent), ("title", Some(0)));
        assert_eq!((nodes[desc].name.as_str(), nodes[desc].parent), ("desc", Some(0)));
        assert!(nodes[desc].text.ends_with('.'), "{}", nodes[desc].text);
    }
}

#[test]
fn ids_come_from_the_prefix_made_safe() {
    for (given, id) in [("women-2025", "women-2025"), ("a b\"<>&é", "a-b-----"), ("2025", "chart-2025"), ("", "chart")]
    {
        let chart = BarChart { id: given.into(), ..regions() };
        let nodes = parse(&bars(&chart));
        assert_eq!(root(&nodes).get("aria-labelledby"), Some(format!("{id}-title {id}-desc").as_str()));
        assert!(nodes.iter().any(|n| n.name == "title" && n.get("id") == Some(&format!("{id}-title"))));
    }
}

#[test]
fn hostile_names_are_text_never_markup() {
    let hostile = "</text><script>alert(\"x\")</script> & 'q' \u{1}\u{1b}]]>";
    let chart = BarChart {
        id: "x\"><script>".into(),
        title: hostile.into(),
        unit: "<b>".into(),
        places: 1,
        bars: vec![
            bar(hostile, Some(1.0)),
            bar("&amp;", None),
            Bar { label: hostile.into(), value: Some(2.0), highlight: true },
        ],
    };
    let line = LineChart {
        id: hostile.into(),
        title: hostile.into(),
        unit: "&".into(),
        places: 0,
        periods: vec![hostile.into(), "<p>".into()],
        series: vec![series(hostile, &[Some(1.0), Some(2.0)]), series("'\"", &[None, Some(3.0)])],
    };
    let shown = "</text><script>alert(\"x\")</script> & 'q' ]]>";
    for svg in [bars(&chart), lines(&line)] {
        let nodes = parse(&svg);
        assert!(nodes.iter().all(|n| {
            ["svg", "title", "desc", "g", "rect", "line", "text", "path", "circle"].contains(&n.name.as_str())
        }));
        assert!(nodes.iter().any(|n| n.name == "title" && n.text.starts_with(shown)), "{svg}");
    }
    let nodes = parse(&bars(&chart));
    assert!(nodes.iter().any(|n| n.name == "title" && n.text == "&amp; — нет данных"));
    assert!(nodes.iter().any(|n| n.name == "title" && n.text == format!("{shown} — 1,0\u{a0}<b>")));
}

#[test]
fn no_style_attribute_or_element_and_no_fixed_size() {
    let charts = [
        bars(&regions()),
        bars(&bar_chart(vec![])),
        bars(&bar_chart(vec![bar("А", Some(-3.0)), bar("Б", None)])),
        lines(&quarters()),
        lines(&line_chart(&[], vec![])),
    ];
    for svg in &charts {
        let nodes = parse(svg);
        assert!(nodes.iter().all(|n| n.name != "style" && n.name != "script"));
        assert!(nodes.iter().all(|n| n.attributes.iter().all(|(a, _)| a != "style" && !a.starts_with("on"))));
        assert!(root(&nodes).get("width").is_none() && root(&nodes).get("height").is_none());
        assert!(root(&nodes).get("viewBox").is_some_and(|v| v.starts_with("0 0 720 ")));
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }
}

/// The ticks of an axis over `lo..=hi`, as a step and the first and last tick.
fn ticks(lo: f64, hi: f64) -> Vec<f64> {
    Axis::new(lo, hi).ticks
}

#[test]
fn ticks_are_nice_for_common_ranges() {
    assert_eq!(ticks(0.0, 7.0), [0.0, 2.0, 4.0, 6.0, 8.0]);
    assert_eq!(ticks(0.0, 0.3), [0.0, 0.1, 0.2, 0.3]);
    assert_eq!(ticks(-5.0, 120.0), [-50.0, 0.0, 50.0, 100.0, 150.0]);
    assert_eq!(ticks(0.0, 1e9), [0.0, 2e8, 4e8, 6e8, 8e8, 1e9]);
    assert_eq!(ticks(0.0, 100.0), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
    assert_eq!(ticks(0.0, 61.25), [0.0, 20.0, 40.0, 60.0, 80.0]);
    assert_eq!(ticks(0.0, 0.0), [0.0, 0.2, 0.4, 0.6, 0.8, 1.0], "all zero");
    assert_eq!(ticks(-7.0, 0.0), [-8.0, -6.0, -4.0, -2.0, 0.0]);
    assert_eq!(ticks(0.0, 0.0072), [0.0, 0.002, 0.004, 0.006, 0.008]);
    assert_eq!(ticks(-0.00043, 0.0005), [-0.0005, -0.00025, 0.0, 0.00025, 0.0005], "no 1, 2 or 5 step fits");
    assert_eq!(ticks(-8.0, 81.0), [-25.0, 0.0, 25.0, 50.0, 75.0, 100.0], "−50..100 wastes too much");
}

#[test]
fn ticks_are_four_to_six_nice_steps_covering_the_values() {
    let mut seed = 7_u64;
    let mut next = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    for i in 0..30_000 {
        let magnitude = 10f64.powf(next() * 24.0 - 12.0);
        let (a, b) = (next() * magnitude, (next() - 0.3) * magnitude);
        // Bars always reach zero; lines need not.
        let far = 100.0 * magnitude * next();
        let (lo, hi) = match i % 3 {
            0 => (a.min(b).min(0.0), a.max(b).max(0.0)),
            1 => (a.min(b), a.max(b)),
            _ => (a.min(b) + far, a.max(b) + far),
        };
        let axis = Axis::new(lo, hi);
        assert!((4..=6).contains(&axis.ticks.len()), "{lo}..{hi}: {:?}", axis.ticks);
        assert!(axis.min <= lo && axis.max >= hi, "{lo}..{hi}: {:?}", axis.ticks);
        let step = axis.ticks[1] - axis.ticks[0];
        let mantissa = step / 10f64.powf(step.log10().floor());
        assert!([1.0, 2.0, 2.5, 5.0, 10.0].iter().any(|m| (mantissa - m).abs() < 1e-6), "{lo}..{hi}: step {step}");
        assert!(lo > 0.0 || hi < 0.0 || axis.ticks.contains(&0.0), "{lo}..{hi}: {:?}", axis.ticks);
    }
}

#[test]
fn tick_labels_have_the_steps_decimals_and_words_for_millions() {
    let axis = Axis::new(0.0, 0.3);
    assert_eq!(
        axis.ticks.iter().map(|t| axis.label(*t, "%")).collect::<Vec<_>>(),
        ["0,0\u{a0}%", "0,1\u{a0}%", "0,2\u{a0}%", "0,3\u{a0}%"]
    );
    let axis = Axis::new(0.0, 1e9);
    assert_eq!(axis.label(4e8, ""), "0,4\u{a0}млрд");
    let axis = Axis::new(-5.0, 120.0);
    assert_eq!(axis.label(-50.0, "%"), "\u{2212}50\u{a0}%");
    let axis = Axis::new(0.0, 45_000.0);
    assert_eq!(axis.label(40_000.0, "чел."), "40\u{202f}000\u{a0}чел.");
}

#[test]
fn numbers_are_written_the_russian_way() {
    assert_eq!(format_number(1_234_567.891, 2, ""), "1\u{202f}234\u{202f}567,89");
    assert_eq!(format_number(45.25, 1, "%"), "45,2\u{a0}%");
    assert_eq!(format_number(-1234.5, 1, ""), "\u{2212}1\u{202f}234,5");
    assert_eq!(format_number(-0.04, 1, "%"), "0,0\u{a0}%", "no minus before a rounded zero");
    assert_eq!(format_number(999.0, 0, ""), "999");
    assert_eq!(format_number(1000.0, 0, ""), "1\u{202f}000");
    assert_eq!(format_number(0.5, 0, ""), "0");
    assert_eq!(format_number(12.0, 3, "чел."), "12,000\u{a0}чел.");
    assert_eq!(format_number(f64::NAN, 1, "%"), "нет данных");
    assert_eq!(format_number(f64::INFINITY, 1, "%"), "нет данных");
    assert_eq!(format_number(1.0, 200, ""), "1,0000000000", "places are capped at ten");
}

#[test]
fn values_at_the_bars_ends_are_formatted_with_places_and_unit() {
    let nodes = parse(&bars(&regions()));
    let values: Vec<&str> = with_class(&nodes, "chart-value").iter().map(|n| n.text.as_str()).collect();
    assert_eq!(values, ["61,2\u{a0}%", "48,0\u{a0}%", "52,4\u{a0}%"]);
}

#[test]
fn a_missing_value_says_no_data_and_has_no_bar() {
    let chart = bar_chart(vec![
        bar("А", Some(10.0)),
        bar("Б", None),
        bar("В", Some(f64::NAN)),
        bar("Г", Some(f64::NEG_INFINITY)),
    ]);
    let svg = bars(&chart);
    let nodes = parse(&svg);
    assert_eq!(with_class(&nodes, "chart-bar").len(), 1);
    let missing = with_class(&nodes, "chart-missing");
    assert_eq!(missing.len(), 3);
    assert!(missing.iter().all(|n| n.text == "нет данных"));
    let desc = nodes.iter().find(|n| n.name == "desc").expect("desc");
    assert_eq!(desc.text, "А: 10,0\u{a0}%; нет данных: 3 из 4.");
    assert_eq!(bars_table(&chart).rows[2].cells, ["нет данных"]);
}

#[test]
fn negative_values_grow_left_from_the_zero_line() {
    let chart = bar_chart(vec![bar("Убыль", Some(-5.0)), bar("Рост", Some(120.0))]);
    let nodes = parse(&bars(&chart));
    let zero: f64 = with_class(&nodes, "chart-zero")[0].get("x1").expect("x1").parse().expect("a number");
    let rects = with_class(&nodes, "chart-bar");
    let x = |n: &Node, a: &str| -> f64 { n.get(a).expect("attribute").parse().expect("a number") };
    assert!((x(rects[0], "x") + x(rects[0], "width") - zero).abs() < 0.11, "the negative bar ends at zero");
    assert!((x(rects[1], "x") - zero).abs() < 0.11, "the positive bar starts at zero");
    assert!(x(rects[1], "width") > 10.0 * x(rects[0], "width"));
    let values = with_class(&nodes, "chart-value");
    assert_eq!((values[0].text.as_str(), values[0].get("text-anchor")), ("\u{2212}5,0\u{a0}%", Some("end")));
    assert!(x(values[0], "x") < x(rects[0], "x"));
}

#[test]
fn all_zero_values_still_draw_an_axis_from_zero() {
    let chart = bar_chart(vec![bar("А", Some(0.0)), bar("Б", Some(0.0))]);
    let nodes = parse(&bars(&chart));
    let ticks: Vec<&str> = with_class(&nodes, "chart-tick").iter().map(|n| n.text.as_str()).collect();
    assert_eq!(ticks, ["0,0\u{a0}%", "0,2\u{a0}%", "0,4\u{a0}%", "0,6\u{a0}%", "0,8\u{a0}%", "1,0\u{a0}%"]);
    assert!(with_class(&nodes, "chart-bar").iter().all(|n| n.get("width") == Some("0")));
    let desc = nodes.iter().find(|n| n.name == "desc").expect("desc");
    assert_eq!(desc.text, "Все значения — 0,0\u{a0}%.");
}

#[test]
fn an_empty_chart_says_there_is_no_data() {
    let empty_lines = [
        line_chart(&[], vec![]),
        line_chart(&["2025 г."], vec![]),
        line_chart(&["2025 г.", "2026 г."], vec![series("Союз", &[None, Some(f64::NAN)])]),
    ];
    let charts = [bars(&bar_chart(vec![]))].into_iter().chain(empty_lines.iter().map(lines));
    for svg in charts {
        let nodes = parse(&svg);
        assert_eq!(with_class(&nodes, "chart-empty")[0].text, "Нет данных для диаграммы");
        assert_eq!(nodes.iter().find(|n| n.name == "desc").expect("desc").text, "Нет данных для диаграммы.");
    }
}

#[test]
fn three_hundred_bars_make_a_tall_chart_with_ticks_above_and_below() {
    let chart = bar_chart((0..300).map(|i| bar(&format!("Организация № {i}"), Some(f64::from(i) / 3.0))).collect());
    let svg = bars(&chart);
    let nodes = parse(&svg);
    assert_eq!(with_class(&nodes, "chart-row").len(), 300);
    assert_eq!(with_class(&nodes, "chart-bar").len(), 300);
    let height: f64 =
        root(&nodes).get("viewBox").and_then(|v| v.split(' ').nth(3)).expect("height").parse().expect("number");
    assert!(height > 300.0 * 20.0, "{height}");
    let ticks = with_class(&nodes, "chart-tick");
    assert_eq!(ticks.len(), 2 * 6, "0..100 in steps of 20, above and below");
    assert!(with_class(&nodes, "chart-stripe").len() == 150);
    let desc = &nodes.iter().find(|n| n.name == "desc").expect("desc").text;
    assert_eq!(
        desc,
        "Наибольшее значение — Организация № 299 (99,7\u{a0}%), наименьшее — Организация № 0 (0,0\u{a0}%)."
    );
}

#[test]
fn a_long_name_is_cut_with_an_ellipsis_and_shown_whole_on_hover() {
    let long =
        "Межрегиональная организация профсоюза работников государственных учреждений и общественного обслуживания";
    let nodes = parse(&bars(&bar_chart(vec![bar(long, Some(1.0)), bar("Тула", Some(2.0))])));
    let labels = with_class(&nodes, "chart-label");
    assert!(labels[0].text.ends_with('…') && labels[0].text.chars().count() < 45, "{}", labels[0].text);
    assert!(long.starts_with(labels[0].text.trim_end_matches('…')));
    assert_eq!(labels[1].text, "Тула");
    let row = nodes.iter().position(|n| n.has_class("chart-row")).expect("a row");
    assert_eq!(title_of(&nodes, row), Some(format!("{long} — 1,0\u{a0}%").as_str()));
}

#[test]
fn the_highlighted_bar_differs_in_colour_and_in_bold_type() {
    let nodes = parse(&bars(&regions()));
    let highlighted: Vec<&Node> = with_class(&nodes, "chart-highlight");
    assert_eq!(highlighted.iter().map(|n| n.name.as_str()).collect::<Vec<_>>(), ["g", "text", "rect", "text"]);
    assert_eq!(highlighted[2].get("fill"), Some(HIGHLIGHT));
    assert!(highlighted[1].get("font-weight") == Some("bold") && highlighted[3].get("font-weight") == Some("bold"));
    let plain = with_class(&nodes, "chart-bar");
    assert_eq!(plain.iter().filter(|n| n.get("fill") == Some(BAR)).count(), 2);
}

#[test]
fn a_missing_period_breaks_the_line_and_a_lone_point_keeps_its_marker() {
    let chart = line_chart(
        &["2023 г.", "2024 г.", "2025 г.", "2026 г.", "2027 г."],
        vec![
            series("Союз", &[Some(1.0), None, Some(3.0), Some(4.0), Some(f64::INFINITY)]),
            series("Тула", &[None, Some(2.0)]),
        ],
    );
    let nodes = parse(&lines(&chart));
    let runs = with_class(&nodes, "chart-line");
    assert_eq!(runs.len(), 1, "only 2025–2026 are joined");
    assert_eq!(runs[0].get("d").map(|d| d.matches('L').count()), Some(1));
    let points = with_class(&nodes, "chart-point");
    // Three points of the first series, one of the second, and the legend's two samples.
    assert_eq!(points.len(), 6);
    let titled: Vec<&str> =
        (0..nodes.len()).filter(|&i| nodes[i].has_class("chart-point")).filter_map(|i| title_of(&nodes, i)).collect();
    assert_eq!(
        titled,
        [
            "Союз, 2023 г.: 1,0\u{a0}%",
            "Союз, 2025 г.: 3,0\u{a0}%",
            "Союз, 2026 г.: 4,0\u{a0}%",
            "Тула, 2024 г.: 2,0\u{a0}%"
        ]
    );
}

#[test]
fn series_differ_in_dash_and_marker_not_only_colour_and_the_legend_names_them() {
    let chart = line_chart(
        &["2025 г.", "2026 г."],
        (0..6).map(|i| series(&format!("Ряд {i}"), &[Some(f64::from(i)), Some(f64::from(i) + 1.0)])).collect(),
    );
    let nodes = parse(&lines(&chart));
    let runs = with_class(&nodes, "chart-line");
    let mut dashes: Vec<Option<&str>> = runs.iter().map(|n| n.get("stroke-dasharray")).collect();
    dashes.dedup();
    assert_eq!(dashes.len(), 6, "{dashes:?}");
    let legend = nodes.iter().position(|n| n.has_class("chart-legend")).expect("a legend");
    let names: Vec<&str> = nodes
        .iter()
        .filter(|n| n.name == "text" && n.parent.is_some_and(|p| nodes[p].parent == Some(legend)))
        .map(|n| n.text.as_str())
        .collect();
    assert_eq!(names, ["Ряд 0", "Ряд 1", "Ряд 2", "Ряд 3", "Ряд 4", "Ряд 5"]);
    let shapes: Vec<String> = (0..6)
        .map(|i| {
            let group = nodes.iter().position(|n| n.has_class(&format!("chart-series-{}", i + 1))).expect("a group");
            let mark = nodes.iter().find(|n| n.parent == Some(group) && n.has_class("chart-point")).expect("a marker");
            format!("{} {}", mark.name, mark.get("d").map(relative).unwrap_or_default())
        })
        .collect();
    let mut distinct = shapes.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 6, "{shapes:?}");
}

#[test]
fn a_lone_series_prints_its_values_and_is_summed_up_in_the_description() {
    let chart = line_chart(
        &["2025 г.", "I кв. 2026", "II кв. 2026"],
        vec![series("Союз", &[Some(12.0), Some(15.34), Some(14.0)])],
    );
    let nodes = parse(&lines(&chart));
    let values: Vec<&str> = with_class(&nodes, "chart-value").iter().map(|n| n.text.as_str()).collect();
    assert_eq!(values, ["12,0\u{a0}%", "15,3\u{a0}%", "14,0\u{a0}%"]);
    let desc = &nodes.iter().find(|n| n.name == "desc").expect("desc").text;
    assert_eq!(
        desc,
        "Союз: с 12,0\u{a0}% (2025 г.) до 14,0\u{a0}% (II кв. 2026), наибольшее — 15,3\u{a0}% (I кв. 2026), наименьшее — 12,0\u{a0}% (2025 г.)."
    );
    let periods: Vec<&str> = with_class(&nodes, "chart-period").iter().map(|n| n.text.as_str()).collect();
    assert_eq!(periods, ["2025 г.", "I кв. 2026", "II кв. 2026"]);
}

#[test]
fn many_periods_slant_their_labels_and_still_fit() {
    let periods: Vec<String> = (1..=36).map(|m| format!("{:02}.{}", (m - 1) % 12 + 1, 2024 + (m - 1) / 12)).collect();
    let periods: Vec<&str> = periods.iter().map(String::as_str).collect();
    let values: Vec<Option<f64>> = (0..36).map(|i| Some(f64::from(i) * 1.5 + 70.0)).collect();
    let nodes = parse(&lines(&line_chart(&periods, vec![series("Союз", &values)])));
    let labels = with_class(&nodes, "chart-period");
    assert!(
        !labels.is_empty() && labels.iter().all(|n| n.get("transform").is_some_and(|t| t.starts_with("rotate(-45")))
    );
    assert!(with_class(&nodes, "chart-value").is_empty(), "too many points to print values");
}

#[test]
fn a_line_chart_of_values_far_from_zero_fits_them_and_one_close_to_zero_reaches_it() {
    let far = line_chart(&["2025 г.", "2026 г."], vec![series("Союз", &[Some(72.1), Some(74.0)])]);
    let nodes = parse(&lines(&far));
    let first = with_class(&nodes, "chart-tick").first().map(|n| n.text.clone());
    assert_eq!(first.as_deref(), Some("72,0\u{a0}%"));
    let near = line_chart(&["2025 г.", "2026 г."], vec![series("Союз", &[Some(5.0), Some(40.0)])]);
    let nodes = parse(&lines(&near));
    let first = with_class(&nodes, "chart-tick").first().map(|n| n.text.clone());
    assert_eq!(first.as_deref(), Some("0\u{a0}%"));
}

#[test]
fn extreme_numbers_never_break_the_output() {
    let extremes = [f64::MAX, f64::MIN, 1e-320, -1e-320, f64::MIN_POSITIVE, 1e300, 0.0, -0.0];
    for a in extremes {
        for b in extremes {
            let chart = BarChart { places: 255, ..bar_chart(vec![bar("А", Some(a)), bar("Б", Some(b))]) };
            let svg = bars(&chart);
            parse(&svg);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{a} {b}");
            let svg = lines(&line_chart(&["1", "2"], vec![series("С", &[Some(a), Some(b)])]));
            parse(&svg);
            assert!(!svg.contains("NaN") && !svg.contains("inf"), "{a} {b}");
        }
    }
}

#[test]
fn tables_beside_the_charts_hold_the_same_numbers() {
    let table = bars_table(&regions());
    assert_eq!(table.caption, "Доля женщин, 2025 г.");
    assert_eq!(table.header, ["Организация", "Значение"]);
    assert_eq!(table.rows[0].cells, ["61,2\u{a0}%"]);
    assert!(table.rows[3].highlight && !table.rows[0].highlight);
    let table = lines_table(&quarters());
    assert_eq!(table.header, ["Период", "Союз в целом", "Тульская организация"]);
    assert_eq!(table.rows[1].label, "I кв. 2026");
    assert_eq!(table.rows[1].cells, ["42,5\u{a0}%", "нет данных"]);
}

/// WCAG relative luminance of `#rrggbb`.
fn luminance(colour: &str) -> f64 {
    let channel = |at: usize| {
        let c = f64::from(u8::from_str_radix(&colour[at..at + 2], 16).expect("hex")) / 255.0;
        if c <= 0.03928 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

fn contrast_with_white(colour: &str) -> f64 {
    1.05 / (luminance(colour) + 0.05)
}

#[test]
fn colours_meet_wcag_contrast_against_white() {
    for text in [TEXT, MUTED] {
        assert!(contrast_with_white(text) >= 4.5, "{text}");
    }
    for graphic in [BAR, HIGHLIGHT].into_iter().chain(LOOKS.iter().map(|l| l.colour)) {
        assert!(contrast_with_white(graphic) >= 3.0, "{graphic}");
    }
}

/// Writes sample charts to `$CHART_SAMPLES` (a directory) to look at:
/// `CHART_SAMPLES=/tmp/charts cargo test -p cabinet-forms chart::tests::samples -- --ignored`.
#[test]
#[ignore = "writes files to look at"]
fn samples() {
    let dir = std::path::PathBuf::from(std::env::var("CHART_SAMPLES").expect("CHART_SAMPLES"));
    std::fs::create_dir_all(&dir).expect("a directory");
    let mut many = bar_chart(
        (0..40)
            .map(|i| {
                let name =
                    format!("{} областная организация профсоюза № {i}", ["Московская", "Тульская", "Калужская"][i % 3]);
                bar(&name, (i % 7 != 3).then(|| (i as f64 * 37.0) % 91.0 - 8.0))
            })
            .collect(),
    );
    many.bars[5].highlight = true;
    let periods: Vec<String> =
        (1..=16).map(|q| format!("{} кв. {}", ["I", "II", "III", "IV"][(q - 1) % 4], 2023 + (q - 1) / 4)).collect();
    let mut wide = line_chart(&[], (0..4).map(|s| series(&format!("Организация {s}"), &[])).collect());
    wide.periods = periods;
    for (s, series) in wide.series.iter_mut().enumerate() {
        series.values =
            (0..16).map(|q| (q != 5 + s).then(|| 40.0 + (q * (s + 1)) as f64 % 13.0 + s as f64 * 4.0)).collect();
    }
    let missing = bar_chart(vec![bar("", None), bar("Тульская организация", None)]);
    let hundreds =
        bar_chart((0..300).map(|i| bar(&format!("Организация № {i}"), Some((i as f64 * 7.3) % 100.0))).collect());
    let single = line_chart(
        &["2022 г.", "2023 г.", "2024 г.", "2025 г."],
        vec![series("Союз в целом", &[Some(1234.5), Some(1410.0), None, Some(1502.25)])],
    );
    for (name, svg) in [
        ("bars", bars(&regions())),
        ("bars-many", bars(&many)),
        ("bars-empty", bars(&bar_chart(vec![]))),
        ("bars-missing", bars(&missing)),
        ("bars-300", bars(&hundreds)),
        ("lines", lines(&quarters())),
        ("lines-wide", lines(&wide)),
        ("lines-single", lines(&LineChart { unit: "руб.".into(), ..single })),
    ] {
        std::fs::write(dir.join(format!("{name}.svg")), svg).expect("written");
    }
}
