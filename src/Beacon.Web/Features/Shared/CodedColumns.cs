using System.CommandLine;
using System.Text;
using Beacon.Domain.Vocabulary;
using Beacon.Web.Infrastructure.Cli;

namespace Beacon.Web.Features.Shared;

/// <summary>
/// The coded columns of the CSV files Beacon imports, each with its list (ADR 19). The README's table of accepted
/// values is <see cref="Markdown"/> (<c>beacon vocabulary</c> prints it; a test checks the README matches).
/// </summary>
public static class CodedColumns
{
    public static readonly IReadOnlyList<(string Files, string Column, CodeList List)> All =
    [
        ("notifications, referrals", "gender", Codes.Gender),
        ("notifications, referrals", "ethnicity", Codes.Ethnicity),
        ("notifications", "living_situation", Codes.LivingSituation),
        ("notifications", "missing_or_absent", Codes.MissingOrAbsent),
        ("notifications", "police_risk", Codes.PoliceRisk),
        ("return interviews", "outcome", Codes.RhiOutcome),
        ("return interviews", "method", Codes.InterviewMethod),
        ("return interviews", "venue", Codes.Venue),
        ("return interviews", "declined_by", Codes.DeclinedBy),
        ("return interviews", "not_offered_reason", Codes.NotOfferedReason),
        ("return interviews", "primary_reason", Codes.Reason),
        ("referrals", "risk_level", Codes.ReferralRisk),
        ("referrals", "exploitation_types (;-separated)", Codes.ExploitationType),
        ("referrals", "pathway", Codes.ReferralPathway),
        ("referrals", "work_type", Codes.KeyWorkType),
    ];

    /// <summary>The README table: column, code written in exports, label shown to people, further spellings accepted.</summary>
    public static string Markdown()
    {
        var text = new StringBuilder()
            .AppendLine("Any case; spaces, hyphens and underscores alike. The code is what exports write; the label is accepted too.")
            .AppendLine()
            .AppendLine("| File | Column | Code | Label | Also accepted |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var (files, column, list) in All)
        {
            foreach (var term in list.Terms)
            {
                var also = string.Join(", ", term.Also.Select(a => $"`{a}`"));
                if (list.WhenBlank == term)
                {
                    also = also.Length == 0 ? "blank" : also + ", blank";
                }

                text.AppendLine($"| {files} | `{column}` | `{term.Code}` | {term.Label} | {also} |");
            }
        }

        return text.ToString();
    }
}

/// <summary><c>beacon vocabulary</c>: prints the accepted values of every coded CSV column (the README's table).</summary>
public sealed class VocabularyCommands : IFeatureCommands
{
    public void Register(CliCommands cli)
    {
        var command = new Command("vocabulary", "The accepted values of every coded CSV column, as the README's table (Markdown).");
        command.SetAction(async (_, _) =>
        {
            await cli.Output.WriteAsync(CodedColumns.Markdown());
            return 0;
        });
        cli.Root.Subcommands.Add(command);
    }
}
