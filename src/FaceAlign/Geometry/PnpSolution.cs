namespace FaceAlign.Geometry;

/// <summary>
/// A camera pose from <see cref="PnpSolver"/>: model point X maps to camera coordinates R·X + T. RmsError is the
/// root-mean-square reprojection error in pixels.
/// </summary>
public readonly record struct PnpSolution(Matrix3 Rotation, (double X, double Y, double Z) Translation, double RmsError, int Iterations);
