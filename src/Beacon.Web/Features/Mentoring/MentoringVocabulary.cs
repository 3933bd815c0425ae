namespace Beacon.Web.Features.Mentoring;

/// <summary>The words of mentoring (issue #20): contact kinds, course kinds, kinds of mentor.</summary>
public static class MentoringVocabulary
{
    public static readonly IReadOnlyList<(string Code, string Label)> Kinds =
        [(Mentor.LivedExperienceMentor, "Mentor with lived experience"), (Mentor.Volunteer, "Volunteer")];

    public static readonly IReadOnlyList<(string Code, string Label)> ContactKinds =
        [("face-to-face", "Face to face"), ("activity", "Activity together"), ("phone", "Phone call"), ("video", "Video call"), ("message", "Messages")];

    public static readonly IReadOnlyList<(string Code, string Label)> CourseKinds =
        [("induction", "Induction"), ("safeguarding", "Safeguarding"), ("exploitation-awareness", "Exploitation awareness"),
         ("lived-experience-facilitation", "Lived-experience facilitation"), ("refresher", "Refresher")];

    public static string Label(IReadOnlyList<(string Code, string Label)> list, string code) => list.FirstOrDefault(k => k.Code == code).Label ?? code;
}
