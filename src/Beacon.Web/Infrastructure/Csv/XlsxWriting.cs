using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Beacon.Web.Infrastructure.Csv;

/// <summary>One sheet of a workbook: a bold header row, then rows of text and numbers.</summary>
public sealed record XlsxSheet(string Name, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<object?>> Rows);

/// <summary>Writes a simple workbook: on each sheet a bold header row, then rows of text and numbers. Text is stored as
/// inline strings, never formulas, so nothing in the data can run in a spreadsheet.</summary>
public static class XlsxWriting
{
    public static byte[] Write(string sheetName, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object?>> rows) => Write([new XlsxSheet(sheetName, header, rows)]);

    public static byte[] Write(IReadOnlyList<XlsxSheet> sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = new Stylesheet(
                new Fonts(new Font(), new Font(new Bold())),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { FontId = 1, ApplyFont = true }));
            var list = workbook.Workbook.AppendChild(new Sheets());
            for (var i = 0; i < sheets.Count; i++)
            {
                var sheet = workbook.AddNewPart<WorksheetPart>();
                sheet.Worksheet = new Worksheet(Data(sheets[i]));
                list.Append(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = (uint)(i + 1), Name = sheets[i].Name });
            }

            workbook.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static SheetData Data(XlsxSheet sheet)
    {
        var data = new SheetData();
        data.Append(new Row(sheet.Header.Select(h => Text(h, bold: true))));
        foreach (var row in sheet.Rows)
        {
            data.Append(new Row(row.Select(value => value switch
            {
                int or long or decimal or double => new Cell { DataType = CellValues.Number, CellValue = new CellValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)!) },
                _ => Text(value?.ToString() ?? string.Empty),
            })));
        }

        return data;
    }

    private static Cell Text(string value, bool bold = false) => new(new InlineString(new Text(value) { Space = SpaceProcessingModeValues.Preserve }))
    {
        DataType = CellValues.InlineString,
        StyleIndex = bold ? 1U : 0U,
    };
}
