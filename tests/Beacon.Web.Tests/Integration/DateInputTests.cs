using System.Net;
using System.Text.RegularExpressions;
using Beacon.Domain.Reporting;
using Beacon.Web.Infrastructure.Time;
using Beacon.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Beacon.Web.Tests.Integration;

/// <summary>The boxes of a GOV.UK date input, read and checked without a server (issue #17 §3, ADR 31).</summary>
public sealed class DatePartsTests
{
    [Theory]
    [InlineData("29", "2", "2012", "2012-02-29")] // a leap year
    [InlineData("1", "1", "2000", "2000-01-01")] // 2000 was a leap-year century
    [InlineData("29", "2", "2000", "2000-02-29")]
    [InlineData("09", "04", "2010", "2010-04-09")]
    [InlineData(" 14 ", " 2 ", " 2012 ", "2012-02-14")]
    [InlineData("14/02/2012", "", "", "2012-02-14")] // a whole date typed into the day box
    [InlineData("2012-02-14", "", "", "2012-02-14")]
    public void Boxes_that_make_a_real_date_combine_into_one_the_page_reads(string day, string month, string year, string expected)
    {
        var parts = new DateParts(day.Trim(), month.Trim(), year.Trim(), null);
        Assert.Null(parts.Problem("Date of birth"));
        Assert.Equal(LocalDateIso(expected), DateEntry.Parse(parts.Combined));
    }

    [Theory]
    [InlineData("14", "", "2012", "Date of birth must include a month", "month")]
    [InlineData("", "2", "2012", "Date of birth must include a day", "day")]
    [InlineData("14", "2", "", "Date of birth must include a year", "year")]
    [InlineData("", "", "2012", "Date of birth must include a day and month", "day,month")]
    [InlineData("5", "", "", "Date of birth must include a month and year", "month,year")]
    [InlineData("29", "2", "2011", "Date of birth must be a real date", "day")] // 2011 was not a leap year
    [InlineData("29", "2", "1900", "Date of birth must be a real date", "day")] // nor was 1900
    [InlineData("31", "4", "2012", "Date of birth must be a real date", "day")]
    [InlineData("14", "13", "2012", "Date of birth must be a real date", "month")]
    [InlineData("14", "Feb", "2012", "Date of birth must be a real date", "month")]
    [InlineData("x", "y", "2012", "Date of birth must be a real date", "day,month")]
    [InlineData("14", "2", "12", "Date of birth: the year must include 4 numbers", "year")]
    [InlineData("14", "2", "1850", "Date of birth must be a real date", "year")]
    public void Boxes_that_do_not_make_a_real_date_say_what_is_wrong_and_which_boxes(string day, string month, string year, string message, string boxes)
    {
        var parts = new DateParts(day, month, year, null);
        var problem = parts.Problem("Date of birth");
        Assert.NotNull(problem);
        Assert.Equal(message, problem.Message);
        Assert.Equal(boxes.Split(','), problem.Boxes);
        Assert.Null(DateEntry.Parse(parts.Combined)); // the page's own rule refuses it too
    }

    [Fact]
    public void A_time_box_joins_the_date_and_is_checked_too()
    {
        var parts = new DateParts("21", "11", "2026", "14:30");
        Assert.Null(parts.Problem("Reported missing"));
        Assert.Equal(Instant.FromUtc(2026, 11, 21, 14, 30), UkTime.Parse(parts.Combined)); // November: London is on GMT
        Assert.Equal(Instant.FromUtc(2026, 6, 21, 13, 30), UkTime.Parse(new DateParts("21", "6", "2026", "14.30").Combined)); // June: BST

        Assert.Equal("Reported missing must include a time", new DateParts("21", "11", "2026", "").Problem("Reported missing")!.Message);
        Assert.Equal(["time"], new DateParts("21", "11", "2026", "25:00").Problem("Reported missing")!.Boxes);
        Assert.Equal("Reported missing must include a date", new DateParts("", "", "", "14:30").Problem("Reported missing")!.Message);
        Assert.Null(new DateParts("21/11/2026 14:30", "", "", "").Problem("Reported missing"));
        Assert.Equal("21/11/2026 14:30", new DateParts("21/11/2026 14:30", "", "", "").Combined);
    }

    [Fact]
    public void Empty_boxes_are_left_to_the_page_which_knows_whether_the_date_is_needed()
    {
        var parts = new DateParts("", "", "", "");
        Assert.True(parts.IsEmpty);
        Assert.Equal(string.Empty, parts.Combined);
        Assert.Null(parts.Problem("Next review"));
    }

    [Fact]
    public void A_saved_value_is_shown_back_in_its_boxes()
    {
        Assert.Equal(new DateParts("14", "2", "2012", null), DateParts.Of("14/02/2012", withTime: false));
        Assert.Equal(new DateParts("21", "11", "2026", "09:05"), DateParts.Of("21/11/2026 9:05", withTime: true));
        Assert.Equal(new DateParts("not a date", "", "", null), DateParts.Of("not a date", withTime: false));
    }

    [Fact]
    public void A_financial_year_is_offered_in_words_and_exports_start_at_the_latest_complete_one()
    {
        var inMay = Instant.FromUtc(2026, 5, 10, 12, 0);
        var inMarch = Instant.FromUtc(2027, 3, 31, 22, 30); // 23:30 on 31 March in London (BST): still 2026 to 2027
        Assert.Equal("2026 to 2027", FinancialYear.InWords(2026));
        Assert.Equal(2025, FinancialYear.LatestComplete(inMay));
        Assert.Equal(2025, FinancialYear.LatestComplete(inMarch));
        Assert.Equal(2026, FinancialYear.LatestComplete(Instant.FromUtc(2027, 3, 31, 23, 30))); // 1 April 00:30 BST
        Assert.Equal([2026, 2025, 2024, 2023, 2022, 2021, 2020], FinancialYear.Choices(inMay));
        Assert.Equal(2012, FinancialYear.Choices(inMay, also: 2012)[^1]);
    }

    private static LocalDate LocalDateIso(string text) => NodaTime.Text.LocalDatePattern.Iso.Parse(text).Value;
}

/// <summary>GOV.UK date inputs through HTTP on each database: the duty form (dates and times) and the exports page.</summary>
public abstract partial class DateInputTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : BeaconApp
{
    protected TApp App { get; } = app;

    [Fact]
    public async Task The_duty_form_takes_a_date_of_birth_from_its_boxes_and_times_from_a_date_and_a_time_box()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var page = await practitioner.GetStringAsync("/notifications/new");
        Assert.Contains("class=\"govuk-date-input\"", page);
        Assert.Contains("name=\"date_of_birth.Month\"", page);
        Assert.Contains("autocomplete=\"bday-year\"", page);
        Assert.Contains("name=\"reported_missing_at.Time\"", page);

        var reference = $"DATE-{Guid.NewGuid():N}"[..20];
        var form = await DutyFormAsync(reference);
        var response = await BeaconApp.PostFormAsync(practitioner, "/notifications/new", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var episode = await App.WithDb(db => db.Episodes.Include(e => e.Child).SingleAsync(e => e.PoliceReference == reference));
        Assert.Equal(new LocalDate(2012, 2, 29), episode.Child!.DateOfBirth);
        Assert.Equal(Reported, episode.ReportedMissingAt);
    }

    [Fact]
    public async Task A_date_missing_its_month_says_so_marks_only_that_box_and_the_summary_links_to_it()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var reference = $"DATE-{Guid.NewGuid():N}"[..20];
        var form = await DutyFormAsync(reference);
        form["date_of_birth.Month"] = "";
        form["reported_missing_at.Time"] = "";
        var html = await (await BeaconApp.PostFormAsync(practitioner, "/notifications/new", form)).Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#date_of_birth-month\">Date of birth must include a month</a>", html);
        Assert.Contains("<a href=\"#reported_missing_at-time\">Reported missing must include a time</a>", html);
        Assert.Contains("Error:</span> Date of birth must include a month", html);
        Assert.Equal(["date_of_birth-month", "reported_missing_at-time"], MarkedBoxes(html));
        Assert.Contains("value=\"29\"", html); // what was typed is shown back
        Assert.False(await App.WithDb(db => db.Episodes.AnyAsync(e => e.PoliceReference == reference)));

        form = await DutyFormAsync(reference);
        form["date_of_birth.Year"] = "2011"; // 29 February 2011 never happened
        html = await (await BeaconApp.PostFormAsync(practitioner, "/notifications/new", form)).Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#date_of_birth\">Date of birth must be a real date</a>", html);
        Assert.Equal(["date_of_birth"], MarkedBoxes(html));

        form["date_of_birth.Month"] = "Feb";
        form["date_of_birth.Year"] = "2012";
        html = await (await BeaconApp.PostFormAsync(practitioner, "/notifications/new", form)).Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#date_of_birth-month\">Date of birth must be a real date</a>", html);
    }

    [Fact]
    public async Task A_whole_date_typed_into_the_day_box_or_posted_as_one_value_is_still_accepted()
    {
        App.SkipIfUnavailable();
        var practitioner = await App.SignInAsync(BeaconApp.Practitioner);
        var reference = $"DATE-{Guid.NewGuid():N}"[..20];
        var form = await DutyFormAsync(reference);
        (form["date_of_birth.Day"], form["date_of_birth.Month"], form["date_of_birth.Year"]) = ("14/02/2012", "", "");
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, "/notifications/new", form)).StatusCode);
        Assert.Equal(new LocalDate(2012, 2, 14), await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == reference).Select(e => e.Child!.DateOfBirth).SingleAsync()));

        // An older client posts each date as one string, with no boxes.
        var single = await DutyFormAsync(reference = $"DATE-{Guid.NewGuid():N}"[..20]);
        foreach (var key in single.Keys.Where(k => k.StartsWith("date_of_birth.", StringComparison.Ordinal)).ToList())
        {
            single.Remove(key);
        }

        single["date_of_birth"] = "14/02/2012";
        Assert.Equal(HttpStatusCode.Redirect, (await BeaconApp.PostFormAsync(practitioner, "/notifications/new", single)).StatusCode);
        Assert.Equal(new LocalDate(2012, 2, 14), await App.WithDb(db => db.Episodes.Where(e => e.PoliceReference == reference).Select(e => e.Child!.DateOfBirth).SingleAsync()));
    }

    [Fact]
    public async Task The_exports_page_offers_years_in_words_from_the_latest_complete_one_and_its_as_of_date_is_a_date_input()
    {
        App.SkipIfUnavailable();
        var city = await App.SignInAsync(BeaconApp.CityWorker);
        var page = await city.GetStringAsync("/exports");
        var latest = FinancialYear.LatestComplete(SystemClock.Instance.GetCurrentInstant());
        Assert.Contains($"<option value=\"{latest}\" selected=\"selected\">{latest} to {latest + 1}</option>", page);
        Assert.Contains($"<option value=\"{latest + 1}\">{latest + 1} to {latest + 2}</option>", page);

        var file = await BeaconApp.PostFormAsync(city, "/exports?handler=AnnexA", new() { ["AsOf.Day"] = "31", ["AsOf.Month"] = "3", ["AsOf.Year"] = "2025", ["Confirmed"] = "true" }, "/exports");
        Assert.Equal("text/csv", file.Content.Headers.ContentType!.MediaType);
        Assert.Contains("2025-03-31", file.Content.Headers.ContentDisposition!.FileName);

        var html = await (await BeaconApp.PostFormAsync(city, "/exports?handler=AnnexA", new() { ["AsOf.Day"] = "31", ["AsOf.Month"] = "3", ["AsOf.Year"] = "25", ["AsOf.Label"] = "The date the list is as of" }, "/exports")).Content.ReadAsStringAsync();
        Assert.Contains("<a href=\"#AsOf-year\">The date the list is as of: the year must include 4 numbers</a>", html);
        Assert.Equal(["AsOf-year"], MarkedBoxes(html));
    }

    [Fact]
    public async Task Report_years_are_chosen_in_words_and_the_url_keeps_its_number()
    {
        App.SkipIfUnavailable();
        var manager = await App.SignInAsync(BeaconApp.Analyst);
        var html = await manager.GetStringAsync("/reports/missing?year=2024");
        Assert.Contains("<select class=\"govuk-select \" id=\"year\" name=\"year\"", html);
        Assert.Contains("<option value=\"2024\" selected=\"selected\">2024 to 2025</option>", html);
    }

    private static readonly Instant Reported = SystemClock.Instance.GetCurrentInstant().Minus(Duration.FromHours(30)) is var at ? Instant.FromUnixTimeSeconds(at.ToUnixTimeSeconds() / 60 * 60) : default;

    /// <summary>A complete duty form as a browser posts it: every date in boxes, times with a time box.</summary>
    private async Task<Dictionary<string, string>> DutyFormAsync(string reference)
    {
        var force = await App.WithDb(db => db.Organisations.SingleAsync(o => o.Code == "POLICE-STAFFS"));
        var form = new Dictionary<string, string>
        {
            ["given_name"] = "Dee",
            ["family_name"] = "Boxes",
            ["gender"] = "female",
            ["district_code"] = "E07000198",
            ["living_situation"] = "HOME",
            ["responsible_authority"] = "860",
            ["police_reference"] = reference,
            ["missing_or_absent"] = "M",
            ["police_risk"] = "LOW",
            ["notifying_police_force"] = force.Id.ToString(),
            ["date_of_birth.Day"] = "29",
            ["date_of_birth.Month"] = "2",
            ["date_of_birth.Year"] = "2012",
            ["date_of_birth.Label"] = "Date of birth",
        };
        void Time(string field, Instant at, string label)
        {
            var local = at.InZone(UkTime.Zone).LocalDateTime;
            (form[$"{field}.Day"], form[$"{field}.Month"], form[$"{field}.Year"]) = (local.Day.ToString(), local.Month.ToString(), local.Year.ToString());
            (form[$"{field}.Time"], form[$"{field}.Label"]) = (local.ToString("HH:mm", null), label);
        }

        Time("reported_missing_at", Reported, "Reported missing");
        Time("returned_at", Reported + Duration.FromHours(10), "Returned or found");
        Time("notified_at", Reported + Duration.FromHours(11), "Notification received by the service");
        return form;
    }

    /// <summary>The ids of the boxes marked in error.</summary>
    private static List<string> MarkedBoxes(string html) =>
        [.. MarkedBox().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("govuk-date-input__input[^\"]*govuk-input--error\" id=\"([^\"]+)\"")]
    private static partial Regex MarkedBox();
}

public sealed class SqliteDateInputTests(SqliteApp app) : DateInputTests<SqliteApp>(app);

public sealed class PostgresDateInputTests(PostgresApp app) : DateInputTests<PostgresApp>(app);
