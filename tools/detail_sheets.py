"""The detail sheets of the template: each section's header, commentary box and tables.

A table is laid out with keys (see ehxl/layout.py and ehxl/detail.py): a
column or row keyed ``1.1 Number|North`` and ``m3`` shows North's contacts in
the third month of the year. Columns and rows with no key are the template's
own labels, which a refresh never writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

HEADER_FILL = PatternFill("solid", fgColor="FF1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFFFF")
THIN = Side(style="thin", color="FFBFBFBF")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOX = Border(
    left=Side(style="medium"),
    right=Side(style="medium"),
    top=Side(style="medium"),
    bottom=Side(style="medium"),
)

MONTHS = [f"m{n}" for n in range(1, 13)]
COMMENTARY_ROW = 5


@dataclass(frozen=True)
class Chart:
    """A chart of some of a table's series; the title is its alt text too.

    A line chart runs over the table's months. A bar chart has a bar for each
    of ``rows`` in each series (a column of the table).
    """

    title: str
    series: list[str]
    # The top-left cell; "" puts the chart beside its table.
    anchor: str
    rows: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Grid:
    """A table: its title, its columns (heading, key) and rows (labels, key)."""

    name: str
    title: str
    columns: list[tuple[str, str | None]]
    rows: list[tuple[list[str], str]]
    widths: dict[int, int] = field(default_factory=dict)
    chart: Chart | None = None


@dataclass(frozen=True)
class DetailSheet:
    """A section of the report: one sheet, in the seed's order."""

    sheet: str
    title: str
    definition: str
    owner: str
    tables: list[Grid]


def by_month(name, title, columns, ytd_label=None, chart=None) -> Grid:
    """A table with a row per month of the year (and a YTD row if labelled)."""
    rows = [([""], month) for month in MONTHS]
    if ytd_label:
        rows.append(([ytd_label], "ytd"))
    return Grid(name, title, [("Month", "label"), *columns], rows, chart=chart)


def localities(
    measure: str, borough_heading: str = "Rotherham"
) -> list[tuple[str, str]]:
    return [
        (borough_heading, f"{measure}|Rotherham"),
        ("North", f"{measure}|North"),
        ("South", f"{measure}|South"),
        ("Central", f"{measure}|Central"),
    ]


PARTNER_TYPES = [
    "Nursery Provision",
    "Primary School",
    "Secondary School",
    "College",
    "PRU",
    "Special Schools",
    "Rotherham Drug and Alcohol/RDaSH",
    "Health",
    "YWCA",
    "Chislett - Opening Doors Project",
    "Barnardo's Rotherham",
    "Know The Score",
    "Rotherham Rise",
]


OUTCOMES = [
    ("eha", "Early Help Assessment Recommendation"),
    ("cowork", "EH Co working Agreement with Children's Social Care"),
    ("escalation", "Escalation to Children's Social Care"),
    ("open", "Open EH Assessment Notification"),
    ("partner", "EH Assessment Recommendation to Partner"),
    ("external", "Referral to External Partner/Agency"),
    ("barnardos", "Recommendation for Barnardo's Reach out Service"),
    ("ebi", "Evidence Based Intervention"),
    ("universal", "Universal Recommendation"),
    ("screening", "Still undergoing screening"),
]
CONTACT_TYPES = [
    "MASH transfer to EH Triage",
    "Request for Co Working",
    "Request For Support",
    "Step Down Request",
    "Open Case Contact",
]
WARDS = [
    ("NORTH", ["Dalton, Thrybergh & Rawmarsh", "Wath & Swinton"]),
    ("SOUTH", ["Aston & Brinsworth", "Malby & Wickersley", "Wales & Dinnington"]),
    ("CENTRAL", ["Clifton", "Oakwood & Town Centre", "Wingfield", "Winterhill"]),
]
CLAIM_SERVICES = {
    "Historic": [
        "Social Care",
        "Early Help",
        "Early Help Childrens Disability Team",
    ],
    "New": [
        "Social Care",
        "Early Help",
        "Early Help Childrens Disability Team",
        "Greasebrough Primary School",
        "Harthill Primary School",
        "Laughton All Saints Cof E Primary School",
        "Laughton Junior and Infant Scool",
        "Oakwood High School",
        "Wath Comprehensive School",
        "Wath Victoria Primary School",
        "Young Women's Christian Association",
    ],
}
AUDIT_GRADES = [
    ("outstanding", "Outstanding"),
    ("good", "Good"),
    ("ri", "Requires Improvement"),
    ("inadequate", "Inadequate"),
    ("critical", "Inadequate - Critical"),
]


ASSESSMENTS = [
    ("all", "Total Assessments"),
    ("pre", "Pre Court Assessments"),
    ("initial", "Initial Assessments"),
    ("closure", "Closure Assessments"),
]


def school_areas() -> list[tuple[str, str]]:
    """The education tables' columns, in the seed's order, for the latest month."""
    return [
        (heading, f"{area}|ytd")
        for heading, area in (
            ("Rotherham LA", "Rotherham"),
            ("North Locality", "North"),
            ("Central Locality", "Central"),
            ("South Locality", "South"),
        )
    ]


def roles(**measures: str) -> str:
    """A row key that names a measure for each role its columns pick."""
    return "|".join(f"{role}={measure}" for role, measure in measures.items())


def recommendations(area: str) -> Grid:
    """March's contacts by contact type and outcome, for one area (1.1)."""
    return Grid(
        f"Recommendations {area}",
        f"This month's Early Help contacts with recommendations: {area.upper()} (1.1)",
        [
            ("", None),
            *[(heading, f"{role}|{area}|month") for role, heading in OUTCOMES],
            (f"{area.upper()} TOTAL", "total"),
        ],
        [
            (
                [kind],
                roles(
                    **{role: f"1.1 {kind} / {heading}" for role, heading in OUTCOMES}
                ),
            )
            for kind in CONTACT_TYPES
        ]
        + [(["Grand Total"], "grand total")],
        widths={2: 26},
    )


def claims() -> Grid:
    """This month's PbR claims by claim, service and ward, with locality totals."""
    columns = [("Claim", None), ("Service", None)]
    for locality, wards in WARDS:
        columns += [(ward, f"{ward}|month") for ward in wards]
        columns.append((f"{locality} TOTAL", f"total:{locality.lower()}"))
    columns.append(("Grand Total", "grand total"))
    rows = []
    for claim, services in CLAIM_SERVICES.items():
        label = f"{claim.upper()} CLAIM"
        for n, service in enumerate(services):
            rows.append(
                ([label if n == 0 else "", service], f"PbR {claim} / {service}")
            )
        rows.append((["", f"{claim.upper()} TOTAL"], f"total:{claim.lower()}"))
    rows.append((["Grand Total", ""], "grand total"))
    return Grid(
        "PbR claims",
        "This month's PbR claims by service and locality (for Early Help and "
        "Social Care, locality is the team's; for boroughwide services, the "
        "family's residence)",
        columns,
        rows,
        widths={2: 16, 3: 30},
    )


def timeliness(
    name, scope, done, rows, out_of_title, past_title, chart_title=None
) -> list[Grid]:
    """The month's timeliness table by area, and the year's past performance.

    With a chart title, the month table gets a bar chart of its percentages
    by area.
    """
    areas = ("Rotherham", "North", "South", "Central")
    month_table = Grid(
        f"{name} in month",
        "This month, by area",
        [
            ("", None),
            *[
                (f"{area} {what}", f"{role}|{area}|month")
                for area in areas
                for what, role in (("Number", "count"), ("%", "percent"))
            ],
        ],
        [
            ([label], f"count={count}" + (f"|percent={percent}" if percent else ""))
            for label, count, percent in rows
        ],
        widths={2: 44},
        chart=chart_title
        and Chart(
            chart_title,
            [f"percent|{area}|month" for area in areas],
            "L7",
            rows=[f"count={c}|percent={p}" for _, c, p in rows if p],
        ),
    )
    past = Grid(
        f"{name} past performance",
        past_title,
        [
            ("Month", "label"),
            (out_of_title, f"{done}|outof:{scope}|Rotherham"),
            *[(area, f"{done.split()[0]} %|{area}") for area in areas],
        ],
        [([""], month) for month in MONTHS],
        widths={3: 16},
    )
    return [month_table, past]


SHEETS = [
    DetailSheet(
        "Contacts",
        "CONTACTS",
        "Early Help Contacts",
        "",
        [
            *[
                recommendations(area)
                for area in ("Rotherham", "North", "South", "Central")
            ],
            by_month(
                "Contacts by locality",
                "Early Help Contact Numbers",
                localities("1.1 Number"),
                ytd_label="Year to Date",
                chart=Chart(
                    "Early Help contacts by locality, month by month",
                    ["1.1 Number|North", "1.1 Number|South", "1.1 Number|Central"],
                    "",
                ),
            ),
        ],
    ),
    DetailSheet(
        "Triage",
        "TRIAGE",
        "Timeliness of Triage",
        "Head of Service A",
        [
            Grid(
                "Triage in month",
                "This month",
                [
                    ("", None),
                    ("Rotherham total", "1.2 Triaged"),
                    ("Contacts triaged in 5 working days, %", "1.2 % in 5 days"),
                    ("Contacts triaged in 5 working days, number", "1.2 Number"),
                ],
                [(["Number of Contacts Triaged"], "month")],
                widths={2: 30, 4: 20, 5: 20},
            ),
            Grid(
                "Triage past performance",
                "Past Performance",
                [
                    ("Month", "label"),
                    ("Number of Contacts Triaged within 5 days", "1.2 Number"),
                    ("Percentage", "1.2 % in 5 days"),
                ],
                [([""], "outturn:2017/18"), *[([""], month) for month in MONTHS]],
            ),
        ],
    ),
    DetailSheet(
        "Initial Contacts",
        "INITIAL CONTACTS",
        "Timeliness of Initial Contacts",
        "Head of Service A",
        timeliness(
            "Initial contacts",
            "2.1 Number",
            "2.2 Number",
            [
                ("Number of families reaching scope in month", "2.1 Number", None),
                ("ICs completed in time (meeting 3 days)", "2.2 Number", "2.2 %"),
                (
                    "ICs completed in month outside 3 days timeliness",
                    "2.2 Outside",
                    "2.2 Outside %",
                ),
                (
                    "ICs in scope but not completed",
                    "2.2 Not completed",
                    "2.2 Not completed %",
                ),
                (
                    "Families open at month end where no IC recorded",
                    "2.2 No IC recorded",
                    None,
                ),
            ],
            "Initial Contacts in 3 working days",
            "Past Performance of Initial Contacts made within 3 working days",
        ),
    ),
    DetailSheet(
        "Early Help Assessments",
        "EARLY HELP ASSESSMENT",
        "Early Help Assessments (EHAs)",
        "Head of Service A",
        timeliness(
            "Assessments",
            "3.1a Number",
            "3.2a Number",
            [
                ("Number of families reaching scope in month", "3.1a Number", None),
                ("Early Help Assessments completed in time", "3.2a Number", "3.2a %"),
                (
                    "Early Help Assessments completed in month outside timeliness",
                    "3.2a Outside",
                    "3.2a Outside %",
                ),
                (
                    "Early Help Assessments in scope but not completed",
                    "3.2a Not completed",
                    "3.2a Not completed %",
                ),
                (
                    "Families open at month end where no Early Help Assessment "
                    "recorded",
                    "3.2a No EHA recorded",
                    None,
                ),
            ],
            "EHAs in 45 working days",
            "Past Performance of Early Help Assessments completed in 45 working days",
            "Early Help Assessment timeliness this month, by area",
        ),
    ),
    DetailSheet(
        "EHA by Partners",
        "EARLY HELP ASSESSMENT - COMPLETED BY PARTNERS",
        "Early Help Assessments - Completed by Partners",
        "Head of Service A",
        [
            Grid(
                "Partner assessments",
                "Early Help Assessments completed by partners (3.3)",
                [
                    ("Partner", None),
                    *[("", m) for m in MONTHS],
                    ("Total to Date", "ytd"),
                ],
                [([kind], f"3.3 {kind}") for kind in PARTNER_TYPES]
                + [
                    (["Total Partner Early Help Assessments"], "3.3 Number"),
                    (["Total Early Help Assessments completed"], "3.3 Completed EHAs"),
                    (["Partner completion % against all completed EHA's"], "3.3 %"),
                ],
                widths={2: 34},
            )
        ],
    ),
    DetailSheet(
        "Open and Closed Families",
        "CASELOAD",
        "Open and Closed Early Help Families - A family on caseload is defined as any "
        "case that is currently or has been supported by a locality team.",
        "Head of Service A",
        [
            Grid(
                "Open families",
                "Open Families (4.1)",
                [("Locality", None), ("", None), *[("", m) for m in MONTHS]],
                [
                    ([area, f"Number of {what}"], f"4.1 {what}|{key}")
                    for area, key in (
                        ("North", "North"),
                        ("South", "South"),
                        ("Central", "Central"),
                        ("Total number of Open cases", "Rotherham"),
                    )
                    for what in ("Families", "Children")
                ],
                widths={2: 26, 3: 20},
                chart=Chart(
                    "Open families by locality, month by month",
                    [
                        "4.1 Families|North",
                        "4.1 Families|South",
                        "4.1 Families|Central",
                    ],
                    "B32",
                ),
            ),
            Grid(
                "Closed families",
                "Closed Families (4.2)",
                [
                    ("Locality", None),
                    *[("", m) for m in MONTHS],
                    ("Total to Date", "ytd"),
                ],
                [
                    ([area], f"4.2 Number|{key}")
                    for area, key in (
                        ("North", "North"),
                        ("South", "South"),
                        ("Central", "Central"),
                        (
                            "Number of Cases Closed during the reporting month",
                            "Rotherham",
                        ),
                    )
                ],
                widths={2: 26},
            ),
        ],
    ),
    DetailSheet(
        "Children's Centres",
        "CHILDREN'S CENTRES",
        "Children's Centres (only available Quarterly)",
        "Head of Service A",
        [
            Grid(
                f"Centres {name}",
                title,
                [
                    ("", None),
                    *[
                        (f"{what} {area}", f"{measure}|{area}")
                        for what, measure in measures
                        for area in ("Rotherham", "North", "South", "Central")
                    ],
                ],
                [([f"Quarter {n}"], f"m{3 * n}") for n in range(1, 5)],
            )
            for name, title, measures in (
                (
                    "all children",
                    "All children aged 0-5 living in the Rotherham area "
                    "(quarterly, cumulative)",
                    (
                        ("Registered", "6.1 All children %"),
                        ("Accessed activities", "6.2 All children %"),
                    ),
                ),
                (
                    "30% most deprived",
                    "Children aged 0-5 living in the 30% most deprived SOAs: "
                    "registered (6.1) and accessed activities (6.2)",
                    (("Registered", "6.1 %"), ("Accessed activities", "6.2 %")),
                ),
            )
        ],
    ),
    DetailSheet(
        "Families for Change",
        "FAMILIES FOR CHANGE",
        "Families For Change",
        "Head of Service B",
        [
            by_month(
                "Families engaged",
                "Families engaged 2018/19 (8.1): number, and cumulative % of the "
                "annual target",
                [
                    *[(f"{h} engaged", k) for h, k in localities("8.1 Number")],
                    *[
                        (f"{h} % of target", k)
                        for h, k in localities("8.1 Cumulative %")
                    ],
                ],
                ytd_label="Year to Date",
            ),
            claims(),
            Grid(
                "PbR yearly",
                "PbR Yearly Cumulative Performance",
                [
                    ("", None),
                    (
                        "Number of FFC PbR outcomes claimed (evidence of employment "
                        "outcome) (8.2)",
                        "8.2 Number",
                    ),
                    (
                        "Number of FFC PbR outcomes claimed (evidence of significant "
                        "& sustained progress) (8.3)",
                        "8.3 Number",
                    ),
                ],
                [
                    ([f"Year {n} to date"], f"outturn:{2014 + n}/{(15 + n) % 100:02d}")
                    for n in range(1, 6)
                ],
                widths={3: 30, 4: 30},
            ),
        ],
    ),
    DetailSheet(
        "NEET and Not Known",
        "NEETS AND NOT KNOWNS",
        "NEETS and NOT KNOWNS",
        "Head of Service B",
        [
            by_month(
                "NEET and not known",
                "Young people aged 16-17 (academic age): not known (9.1), NEET (9.2) "
                "and combined (9.3)",
                [
                    ("Rotherham not known (9.1)", "9.1 %|Rotherham"),
                    ("Rotherham NEET (9.2)", "9.2 %|Rotherham"),
                    ("Rotherham combined (9.3)", "9.3 %|Rotherham"),
                    *[
                        (f"{area} {what}", f"{measure}|{area}")
                        for area in ("North", "South", "Central")
                        for what, measure in (("not known", "9.1 %"), ("NEET", "9.2 %"))
                    ],
                ],
            )
        ],
    ),
    DetailSheet(
        "Education",
        "EDUCATION",
        "Persistent absence (termly) and attendance (reported one month in arrears)",
        "Head of Service A",
        [
            *[
                Grid(
                    f"Persistent absence {phase.lower()}",
                    f"Persistent Absence - {phase.upper()} SCHOOLS (7.1), latest "
                    "half term reported",
                    [("", None), *school_areas()],
                    [
                        ([label], f"7.1 {phase} schools {measure}")
                        for label, measure in (
                            (
                                "Number of Schools with less Persistent Absence "
                                "than the National average",
                                "less PA than national",
                            ),
                            (
                                "Number of Schools with more Persistent Absence "
                                "than the National Average",
                                "more PA than national",
                            ),
                            (
                                "Number of Schools who did not share their data "
                                "with the LA",
                                "not sharing",
                            ),
                        )
                    ],
                    widths={2: 50},
                )
                for phase in ("Primary", "Secondary")
            ],
            *[
                Grid(
                    f"Attendance {phase.lower()}",
                    f"% Attendance - {phase} Schools (7.2)",
                    [
                        ("Month", "label"),
                        *[
                            (heading, f"7.2 {phase}|{key.split('|')[0]}")
                            for heading, key in school_areas()
                        ],
                    ],
                    [([""], f"a{n}") for n in range(1, 12)]
                    + [(["Year to Date (YTD)"], "ytd")],
                )
                for phase in ("Primary", "Secondary")
            ],
            *[
                Grid(
                    f"Schools attendance {phase.lower()}",
                    f"{phase} Schools against the national and local average "
                    "attendance (7.2), latest month reported",
                    [("", None), *school_areas()],
                    [
                        ([label], f"7.2 {phase} schools {measure}")
                        for label, measure in (
                            (
                                "Number of Schools above the National average "
                                "attendance",
                                "above national",
                            ),
                            (
                                "Number of Schools below the National average "
                                "attendance but above the Local average attendance",
                                "below national above local",
                            ),
                            (
                                "Number of Schools below both the National average "
                                "attendance and the Local average attendance",
                                "below both",
                            ),
                            (
                                "Number of Schools who did not share their data",
                                "not sharing",
                            ),
                        )
                    ],
                )
                for phase in ("Primary", "Secondary")
            ],
        ],
    ),
    DetailSheet(
        "Youth Activity",
        "YOUTH ACTIVITY AND LEARNING",
        "In Learning and Youth Activity",
        "Head of Service B",
        [
            by_month(
                "Participation",
                "Corporate responsibility LAC/CL EET (9.4) and NEET (9.5); meeting the "
                "duty to participate (9.6)",
                [
                    ("9.4 EET Rotherham", "9.4 %|Rotherham"),
                    ("9.5 NEET Rotherham", "9.5 %|Rotherham"),
                    *[(f"9.6 {h}", k) for h, k in localities("9.6 %")],
                ],
            ),
            by_month(
                "Youth sessions",
                "Youth Activity sessions by area (9.7)",
                [
                    (f"{area} {what}", f"9.7 {measure}|{area}")
                    for area in ("Rotherham", "North", "South", "Central")
                    for what, measure in (
                        ("centre based", "Centre based"),
                        ("non-centre based", "Non-centre based"),
                    )
                ],
                ytd_label="Year to Date",
            ),
        ],
    ),
    DetailSheet(
        "Youth Offending Team",
        "YOUTH OFFENDING TEAM",
        "Youth Offending Team (YOT) - Local Caseload Data",
        "Head of Service B",
        [
            Grid(
                "YOT caseload",
                "Caseload Information - Lead Worker",
                [("", None), *[("", m) for m in MONTHS]],
                [
                    (["Statutory Court Order"], "YOT Caseload court order"),
                    (
                        ["Out of court disposal (YC/YCC/YRD)"],
                        "YOT Caseload out of court",
                    ),
                    (["Pre Court"], "YOT Caseload pre court"),
                    (
                        [
                            "Other (Accommodation, drug/alcohol, Prevention, Post "
                            "prog support etc)"
                        ],
                        "YOT Caseload other",
                    ),
                    (["Total Number of young People"], "total"),
                ],
                widths={2: 40},
            ),
            Grid(
                "YOT scaled approach",
                "This month: Statutory Court Orders, Scaled Approach Level",
                [
                    ("", None),
                    ("Number of cases", "cases|month"),
                    ("National Standard Met", "met|month"),
                    ("% Met", "percent|month"),
                    ("Direct contact", "contact|month"),
                    ("Missed Appts", "missed|month"),
                ],
                [
                    (
                        [level],
                        roles(
                            cases=f"YOT {level} cases",
                            met=f"YOT {level} met",
                            percent=f"YOT {level} % met",
                            contact=f"YOT {level} contacts",
                            missed=f"YOT {level} missed",
                        ),
                    )
                    for level in ("Standard", "Enhanced", "Intensive")
                ]
                + [
                    (
                        ["No scaled approach (Custodial element of sentence)"],
                        roles(cases="YOT No scaled approach cases"),
                    ),
                    (
                        ["Total Number of young People"],
                        roles(
                            cases="YOT Scaled cases",
                            met="YOT Standards met",
                            percent="YOT Standards met %",
                            contact="YOT Scaled contacts",
                            missed="YOT Scaled missed",
                        ),
                    ),
                ],
            ),
            Grid(
                "YOT screening",
                "This month: Requests for Out of Court Screening with recommendation",
                [
                    ("", None),
                    ("Number of Young People", "count|month"),
                    ("%", "percent|month"),
                ],
                [
                    (
                        [label],
                        roles(
                            count=f"YOT Screening {measure}",
                            percent=f"YOT Screening {measure} %",
                        ),
                    )
                    for label, measure in (
                        ("Refer for Assessment", "refer for assessment"),
                        ("Caution Clinic", "caution clinic"),
                        ("Outcome 21 (no recommendation)", "outcome 21"),
                        ("No screening action recorded", "no action"),
                    )
                ]
                + [(["Total"], roles(count="YOT Screening requests"))],
            ),
            Grid(
                "YOT AssetPlus",
                "This month: AssetPlus Timeliness",
                [
                    ("", None),
                    *[
                        (f"{heading} {what}", f"{role}{mark}|month")
                        for role, heading in ASSESSMENTS
                        for what, mark in (("Number", ""), ("%", "%"))
                    ],
                ],
                [
                    (
                        [label],
                        roles(
                            **{
                                f"{role}{mark}": f"YOT AssetPlus {kind} {what}{pc}"
                                for role, kind in zip(
                                    ("all", "pre", "initial", "closure"),
                                    ("Total", "Pre court", "Initial", "Closure"),
                                    strict=True,
                                )
                                for mark, pc in (("", ""), ("%", " %"))
                                if not (what == "in scope" and mark)
                            }
                        ),
                    )
                    for label, what in (
                        ("Number of assessments reaching scope in month", "in scope"),
                        ("Number completed in time", "in time"),
                        ("Number completed in month outside timeliness", "outside"),
                        ("Number in scope but not completed in month", "not completed"),
                    )
                ],
                widths={2: 44},
            ),
            Grid(
                "YOT past performance",
                "Past Performance",
                [("", None), *[("", m) for m in MONTHS]],
                [
                    (["Scaled Approach Level Standards met"], "YOT Standards met %"),
                    (["Requests for Out of Court Screening"], "YOT Screening requests"),
                    (["AssetPlus Timeliness met"], "YOT AssetPlus Total in time %"),
                ],
                widths={2: 36},
            ),
        ],
    ),
    DetailSheet(
        "Customer Feedback",
        "CUSTOMER FEEDBACK",
        "Customer Feedback - Quality Assurance",
        "Head of Service B",
        [
            by_month(
                "Feedback",
                "Exit surveys returned by area (11.2), complaints and compliments "
                "(11.3 to 11.6)",
                [
                    ("North", "11.2 Exit surveys|North"),
                    ("South", "11.2 Exit surveys|South"),
                    ("Central", "11.2 Exit surveys|Central"),
                    ("Borough Wide", "11.2 Exit surveys borough wide"),
                    ("No area specified", "11.2 Exit surveys no area"),
                    ("Total", "11.2 Exit surveys|Rotherham"),
                    ("Complaints received (11.3)", "11.3 Number"),
                    ("Complaints upheld (11.4)", "11.4 Number"),
                    ("Closed in timescales (11.5)", "11.5 Number"),
                    ("Compliments (11.6)", "11.6 Number"),
                ],
                ytd_label="Year to Date",
            )
        ],
    ),
    DetailSheet(
        "Quality Assurance",
        "QUALITY ASSURANCE",
        "Monthly Case File Audits",
        "Head of Service B",
        [
            Grid(
                "Audits",
                "Team Manager Audits by grade (12.1)",
                [
                    ("Month", "label"),
                    *[(grade, f"12.1 {grade}|{role}") for role, grade in AUDIT_GRADES],
                    ("Total", "12.1 Number|all"),
                ],
                [([""], month) for month in MONTHS]
                + [
                    (["Total to date"], "ytd"),
                    (
                        ["% of total to date"],
                        "ytd|"
                        + roles(
                            **{role: f"12.1 {grade} %" for role, grade in AUDIT_GRADES},
                            all="12.1 Total %",
                        ),
                    ),
                ],
            ),
            Grid(
                "Audit responses",
                "Response Rates (12.1)",
                [
                    ("Month", "label"),
                    *[
                        column
                        for area in ("North", "South", "Central")
                        for column in (
                            (
                                f"{area} Number",
                                f"12.1 Responses|outof:12.1 Audits requested|{area}",
                            ),
                            (f"{area} %", f"12.1 Response %|{area}"),
                        )
                    ],
                    (
                        "Borough Wide Services Number",
                        "12.1 Responses borough wide|"
                        "outof:12.1 Audits requested borough wide",
                    ),
                    ("Borough Wide Services %", "12.1 Response % borough wide"),
                ],
                [([""], month) for month in MONTHS],
            ),
        ],
    ),
    DetailSheet(
        "HR",
        "EARLY HELP - HUMAN RESOURCES (HR)",
        "Sickness Information",
        "Head of Service B",
        [
            by_month(
                "Sickness by locality",
                "Sickness - Annual FTE sick days (13.7)",
                [
                    ("North", "13.7 FTE sick days|North"),
                    ("South", "13.7 FTE sick days|South"),
                    ("Central", "13.7 FTE sick days|Central"),
                    ("Combined Early Help Teams", "13.7 FTE sick days|Rotherham"),
                ],
            )
        ],
    ),
]


def build(book, fit_to_width) -> None:
    """Add every detail sheet to the template, in the seed's order."""
    for spec in SHEETS:
        sheet = book.create_sheet(spec.sheet)
        sheet.column_dimensions["A"].hidden = True
        sheet.column_dimensions["B"].width = 22
        sheet.cell(1, 2, spec.title).font = Font(bold=True, size=14)
        # The definition is not wrapped, so that it runs on across the row.
        sheet.cell(2, 2, "DEFINITION").font = Font(bold=True)
        sheet.cell(2, 3, spec.definition)
        sheet.cell(3, 2, "OWNER").font = Font(bold=True)
        sheet.cell(3, 3, spec.owner or None)
        sheet.cell(4, 2, "Performance Analysis").font = Font(bold=True)
        # The commentary box is the officer's: a refresh never writes it.
        box = sheet.cell(COMMENTARY_ROW, 2)
        box.alignment = Alignment(wrap_text=True, vertical="top")
        box.border = BOX
        sheet.merge_cells(
            start_row=COMMENTARY_ROW,
            start_column=2,
            end_row=COMMENTARY_ROW,
            end_column=14,
        )
        sheet.row_dimensions[COMMENTARY_ROW].height = 120
        row = COMMENTARY_ROW + 2
        for grid in spec.tables:
            row = _grid(sheet, row, grid) + 2
        # The section's title stays in view and heads every printed page.
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"
        fit_to_width(sheet)


def _grid(sheet, row: int, grid: Grid) -> int:
    sheet.cell(row, 2, grid.title).font = Font(bold=True)
    row += 1
    sheet.cell(row, 1, f"ehxl:{grid.name}:columns")
    sheet.row_dimensions[row].hidden = True
    sheet.cell(row + 1, 1, f"ehxl:{grid.name}:header")
    for offset, (heading, key) in enumerate(grid.columns, start=2):
        if key:
            sheet.cell(row, offset, key)
        header = sheet.cell(row + 1, offset, heading or None)
        header.font = HEADER_FONT
        header.fill = HEADER_FILL
        header.border = BORDER
        header.alignment = Alignment(wrap_text=True, horizontal="center")
        width = grid.widths.get(offset, 14)
        letter = get_column_letter(offset)
        sheet.column_dimensions[letter].width = max(
            width, sheet.column_dimensions[letter].width or 0
        )
    row += 2
    first_body = row
    for labels, key in grid.rows:
        sheet.cell(row, 1, key)
        for offset in range(2, len(grid.columns) + 2):
            cell = sheet.cell(row, offset)
            cell.border = BORDER
        for offset, text in enumerate(labels, start=2):
            if text:
                sheet.cell(row, offset, text).font = Font(bold=offset == 2)
        row += 1
    if grid.chart:
        _chart(sheet, grid, first_body)
    return row


def _chart(sheet, grid: Grid, first_body: int) -> None:
    """A chart of the table: see Chart."""
    columns = {key: offset for offset, (_, key) in enumerate(grid.columns, start=2)}
    rows = {key: first_body + n for n, (_, key) in enumerate(grid.rows)}
    if grid.chart.rows:
        _bar_chart(sheet, grid, columns, rows, first_body)
        return
    chart = LineChart()
    chart.title = grid.chart.title
    chart.height, chart.width = 8, 18
    months = [key for key in MONTHS if key in rows or key in columns]
    if "label" in columns:
        # Months down the rows: a series is a column.
        last = rows[months[-1]]
        for key in grid.chart.series:
            data = Reference(
                sheet, min_col=columns[key], min_row=first_body - 1, max_row=last
            )
            chart.add_data(data, titles_from_data=True)
        labels = Reference(
            sheet, min_col=columns["label"], min_row=first_body, max_row=last
        )
    else:
        # Months across the columns: a series is a row, titled by its first label.
        first, last = columns[months[0]], columns[months[-1]]
        labels_of = {key: labels[0] for labels, key in grid.rows}
        for key in grid.chart.series:
            data = Reference(sheet, min_col=first, max_col=last, min_row=rows[key])
            chart.series.append(Series(data, title=labels_of[key]))
        header = first_body - 1
        labels = Reference(sheet, min_col=first, max_col=last, min_row=header)
    chart.set_categories(labels)
    sheet.add_chart(chart, _anchor(grid, first_body))


def _anchor(grid: Grid, first_body: int) -> str:
    if grid.chart.anchor:
        return grid.chart.anchor
    return f"{get_column_letter(len(grid.columns) + 3)}{first_body - 1}"


def _bar_chart(sheet, grid: Grid, columns, rows, first_body: int) -> None:
    """Bars for the chart's rows (which must be adjacent), a series per column."""
    chart = BarChart()
    chart.type = "col"
    chart.title = grid.chart.title
    chart.height, chart.width = 8, 18
    chart.y_axis.number_format = "0%"
    chart.y_axis.title = "% of families reaching scope"
    first = min(rows[key] for key in grid.chart.rows)
    last = max(rows[key] for key in grid.chart.rows)
    for key in grid.chart.series:
        data = Reference(sheet, min_col=columns[key], min_row=first, max_row=last)
        title = sheet.cell(first_body - 1, columns[key]).value
        chart.series.append(Series(data, title=title))
    chart.set_categories(Reference(sheet, min_col=2, min_row=first, max_row=last))
    sheet.add_chart(chart, _anchor(grid, first_body))
