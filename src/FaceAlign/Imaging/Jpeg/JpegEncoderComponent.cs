namespace FaceAlign.Imaging.Jpeg;

/// <summary>One component of the frame as SOF0/SOS declare it: id, sampling factors H×V, table selectors.</summary>
internal readonly record struct JpegEncoderComponent(int Id, int H, int V, int QuantisationTable, int HuffmanTable);
