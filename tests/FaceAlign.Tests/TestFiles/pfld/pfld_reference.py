"""PFLD in PyTorch (1.13, Debian python3-torch), written independently from the paper (Guo et al. 2019, Table 1) with the module names FaceAlign uses,
so FaceAlign's C# PFLD can be checked against it. Writes random (seeded) weights (BatchNorm statistics randomised too) and the outputs for a fixed input as
safetensors files (the format is written by hand here: no safetensors package needed).
Usage: python3 pfld_reference.py OUT_DIR [width] [points]"""
import json, struct, sys
import torch
import torch.nn as nn


def conv_bn(inp, oup, k, s, p):
    return nn.Sequential(nn.Conv2d(inp, oup, k, s, p, bias=False), nn.BatchNorm2d(oup), nn.ReLU(inplace=True))


class InvertedResidual(nn.Module):
    def __init__(self, inp, oup, stride, expand):
        super().__init__()
        hid = inp * expand
        self.use_res = stride == 1 and inp == oup
        self.conv = nn.Sequential(
            nn.Conv2d(inp, hid, 1, 1, 0, bias=False), nn.BatchNorm2d(hid), nn.ReLU(inplace=True),
            nn.Conv2d(hid, hid, 3, stride, 1, groups=hid, bias=False), nn.BatchNorm2d(hid), nn.ReLU(inplace=True),
            nn.Conv2d(hid, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup))

    def forward(self, x):
        return x + self.conv(x) if self.use_res else self.conv(x)


class Pfld(nn.Module):
    def __init__(self, width=0.25, points=68):
        super().__init__()
        c = lambda n: max(1, int(n * width))
        c64, c128, c16, c32 = c(64), c(128), c(16), c(32)
        self.conv1 = conv_bn(3, c64, 3, 2, 1)                                    # 56x56
        self.conv2 = nn.Sequential(nn.Conv2d(c64, c64, 3, 1, 1, groups=c64, bias=False), nn.BatchNorm2d(c64), nn.ReLU(inplace=True))
        self.stage3 = nn.Sequential(InvertedResidual(c64, c64, 2, 2), *[InvertedResidual(c64, c64, 1, 2) for _ in range(4)])  # 28x28
        self.stage4 = InvertedResidual(c64, c128, 2, 2)                           # 14x14
        self.stage5 = nn.Sequential(*[InvertedResidual(c128, c128, 1, 4) for _ in range(6)])
        self.stage6 = InvertedResidual(c128, c16, 1, 2)                           # S1: 14x14
        self.conv7 = conv_bn(c16, c32, 3, 2, 1)                                   # S2: 7x7
        self.conv8 = nn.Conv2d(c32, c(128), 7, 1, 0)                              # S3: 1x1
        self.fc = nn.Linear(c16 + c32 + c(128), points * 2)

    def forward(self, x):
        x = self.conv2(self.conv1(x))
        features = self.stage3(x)                       # the auxiliary network's input
        x = self.stage6(self.stage5(self.stage4(features)))
        s1 = x.mean(dim=(2, 3))
        x = self.conv7(x)
        s2 = x.mean(dim=(2, 3))
        s3 = torch.relu(self.conv8(x)).flatten(1)
        return self.fc(torch.cat([s1, s2, s3], 1)), features


class AuxiliaryNet(nn.Module):
    def __init__(self, width=0.25):
        super().__init__()
        c64 = max(1, int(64 * width))
        self.conv1 = conv_bn(c64, 128, 3, 2, 1)   # 14x14
        self.conv2 = conv_bn(128, 128, 3, 1, 1)
        self.conv3 = conv_bn(128, 32, 3, 2, 1)    # 7x7
        self.conv4 = conv_bn(32, 128, 7, 1, 1)    # 3x3
        self.fc1 = nn.Linear(128, 32)
        self.fc2 = nn.Linear(32, 3)

    def forward(self, x):
        x = self.conv4(self.conv3(self.conv2(self.conv1(x))))
        x = torch.amax(x, dim=(2, 3))
        return self.fc2(self.fc1(x))


def save_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        b = t.detach().contiguous().to(torch.float32).numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        blobs.append(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def randomise_batchnorm(model, g):
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            n = m.num_features
            m.weight.data = 0.5 + torch.rand(n, generator=g)
            m.bias.data = 0.2 * torch.randn(n, generator=g)
            m.running_mean.data = 0.2 * torch.randn(n, generator=g)
            m.running_var.data = 0.5 + torch.rand(n, generator=g)
            m.num_batches_tracked.fill_(7)


if __name__ == "__main__":
    out = sys.argv[1]
    width = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
    points = int(sys.argv[3]) if len(sys.argv) > 3 else 68
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    model = Pfld(width, points)
    randomise_batchnorm(model, g)
    model.eval()
    # The input is a formula both sides compute, so it need not be stored: x[i] = sin(0.37 i) over the flat index.
    x = torch.sin(0.37 * torch.arange(2 * 3 * 112 * 112, dtype=torch.float64)).to(torch.float32).reshape(2, 3, 112, 112)
    with torch.no_grad():
        landmarks, features = model(x)
    tag = f"pfld{points}-{width:g}x"
    save_safetensors(f"{out}/{tag}.weights.safetensors", model.state_dict())
    save_safetensors(f"{out}/{tag}.outputs.safetensors", {"landmarks": landmarks, "features_mean": features.mean(dim=(2, 3))})
    print(tag, sum(v.numel() for v in model.state_dict().values()), "values in", len(model.state_dict()), "tensors")
