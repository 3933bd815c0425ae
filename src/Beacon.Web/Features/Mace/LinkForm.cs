using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Beacon.Web.Features.Mace;

/// <summary>The "add a link" form (Mace/_LinkForm.cshtml) shared by the child, adult and location pages.</summary>
public sealed record LinkForm(IReadOnlyList<KeyValuePair<string, string>> Targets, LinkFields Values, ModelStateDictionary State, bool Open = false);

/// <summary>The posted fields of a new link.</summary>
public sealed class LinkFields
{
    public string? To { get; set; }

    public string? ToChildReference { get; set; }

    public string? LinkType { get; set; }

    public string? ObservedOn { get; set; }

    public string? Source { get; set; }

    public string? Grading { get; set; }

    public string? Notes { get; set; }

    public AssociationInput For(Subject from) => new(from.ToString(), To, ToChildReference, LinkType, ObservedOn, Source, Grading, Notes);
}
