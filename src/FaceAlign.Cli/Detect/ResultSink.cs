// Streams detect's results to stdout or a file, flushed after every image, so an interrupted run keeps everything
// finished so far (JSON Lines and CSV stay valid line by line; a JSON array is closed by Finish).
namespace FaceAlign.Cli.Detect;

internal sealed class ResultSink(TextWriter writer, DetectFormat format, int landmarks)
{
    private int records;

    public void Start()
    {
        if (format == DetectFormat.Csv)
            writer.Write(DetectRecords.CsvHeader(landmarks) + "\n");
        else if (format == DetectFormat.Json)
            writer.Write("[");
        writer.Flush();
    }

    public void Write(ImageResult result)
    {
        switch (format)
        {
            case DetectFormat.Jsonl:
                writer.Write(DetectRecords.Json(result) + "\n");
                break;
            case DetectFormat.Json:
                writer.Write((records == 0 ? "\n" : ",\n") + DetectRecords.Json(result));
                break;
            default:
                string rows = DetectRecords.CsvRows(result, landmarks);
                if (rows.Length > 0) writer.Write(rows + "\n");
                break;
        }
        records++;
        writer.Flush();
    }

    public void Finish()
    {
        if (format == DetectFormat.Json)
            writer.Write(records == 0 ? "]\n" : "\n]\n");
        writer.Flush();
    }
}
