"""RetinaFace-mnet0.25 in PyTorch (1.13, Debian python3-torch), as biubug6/Pytorch_Retinaface defines it (models/net.py,
models/retinaface.py with cfg_mnet: in_channel 32, out_channel 64, leaky ReLU 0.1), so FaceAlign's C# RetinaFace can be
checked against it. Writes seeded random weights (BatchNorm statistics randomised, every value rounded to float16 and
stored as F16 to keep the file small) and the eval-mode outputs for a fixed input as safetensors files (the format is
written by hand: no safetensors package needed).
Usage: python3 retinaface_reference.py OUT_DIR"""
import json, struct, sys
import torch
import torch.nn as nn
import torch.nn.functional as F


def conv_bn(inp, oup, stride=1, leaky=0):
    return nn.Sequential(nn.Conv2d(inp, oup, 3, stride, 1, bias=False), nn.BatchNorm2d(oup), nn.LeakyReLU(negative_slope=leaky, inplace=True))


def conv_bn_no_relu(inp, oup, stride):
    return nn.Sequential(nn.Conv2d(inp, oup, 3, stride, 1, bias=False), nn.BatchNorm2d(oup))


def conv_bn1X1(inp, oup, stride, leaky=0):
    return nn.Sequential(nn.Conv2d(inp, oup, 1, stride, padding=0, bias=False), nn.BatchNorm2d(oup), nn.LeakyReLU(negative_slope=leaky, inplace=True))


def conv_dw(inp, oup, stride, leaky=0.1):
    return nn.Sequential(
        nn.Conv2d(inp, inp, 3, stride, 1, groups=inp, bias=False), nn.BatchNorm2d(inp), nn.LeakyReLU(negative_slope=leaky, inplace=True),
        nn.Conv2d(inp, oup, 1, 1, 0, bias=False), nn.BatchNorm2d(oup), nn.LeakyReLU(negative_slope=leaky, inplace=True))


class SSH(nn.Module):
    def __init__(self, in_channel, out_channel):
        super().__init__()
        leaky = 0.1 if out_channel <= 64 else 0
        self.conv3X3 = conv_bn_no_relu(in_channel, out_channel // 2, stride=1)
        self.conv5X5_1 = conv_bn(in_channel, out_channel // 4, stride=1, leaky=leaky)
        self.conv5X5_2 = conv_bn_no_relu(out_channel // 4, out_channel // 4, stride=1)
        self.conv7X7_2 = conv_bn(out_channel // 4, out_channel // 4, stride=1, leaky=leaky)
        self.conv7x7_3 = conv_bn_no_relu(out_channel // 4, out_channel // 4, stride=1)

    def forward(self, x):
        conv3X3 = self.conv3X3(x)
        conv5X5_1 = self.conv5X5_1(x)
        conv5X5 = self.conv5X5_2(conv5X5_1)
        conv7X7 = self.conv7x7_3(self.conv7X7_2(conv5X5_1))
        return F.relu(torch.cat([conv3X3, conv5X5, conv7X7], dim=1))


class FPN(nn.Module):
    def __init__(self, in_channels_list, out_channels):
        super().__init__()
        leaky = 0.1 if out_channels <= 64 else 0
        self.output1 = conv_bn1X1(in_channels_list[0], out_channels, stride=1, leaky=leaky)
        self.output2 = conv_bn1X1(in_channels_list[1], out_channels, stride=1, leaky=leaky)
        self.output3 = conv_bn1X1(in_channels_list[2], out_channels, stride=1, leaky=leaky)
        self.merge1 = conv_bn(out_channels, out_channels, leaky=leaky)
        self.merge2 = conv_bn(out_channels, out_channels, leaky=leaky)

    def forward(self, inputs):
        output1 = self.output1(inputs[0])
        output2 = self.output2(inputs[1])
        output3 = self.output3(inputs[2])
        up3 = F.interpolate(output3, size=[output2.size(2), output2.size(3)], mode="nearest")
        output2 = self.merge2(output2 + up3)
        up2 = F.interpolate(output2, size=[output1.size(2), output1.size(3)], mode="nearest")
        output1 = self.merge1(output1 + up2)
        return [output1, output2, output3]


class MobileNetV1(nn.Module):
    def __init__(self):
        super().__init__()
        self.stage1 = nn.Sequential(conv_bn(3, 8, 2, leaky=0.1), conv_dw(8, 16, 1), conv_dw(16, 32, 2), conv_dw(32, 32, 1), conv_dw(32, 64, 2), conv_dw(64, 64, 1))
        self.stage2 = nn.Sequential(conv_dw(64, 128, 2), *[conv_dw(128, 128, 1) for _ in range(5)])
        self.stage3 = nn.Sequential(conv_dw(128, 256, 2), conv_dw(256, 256, 1))

    def forward(self, x):  # what IntermediateLayerGetter(return_layers={'stage1': 1, 'stage2': 2, 'stage3': 3}) returns
        c3 = self.stage1(x)
        c4 = self.stage2(c3)
        return [c3, c4, self.stage3(c4)]


class Head(nn.Module):
    def __init__(self, inchannels, num_anchors, k):
        super().__init__()
        self.k = k
        self.conv1x1 = nn.Conv2d(inchannels, num_anchors * k, kernel_size=(1, 1), stride=1, padding=0)

    def forward(self, x):
        out = self.conv1x1(x).permute(0, 2, 3, 1).contiguous()
        return out.view(out.shape[0], -1, self.k)


class RetinaFace(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = MobileNetV1()
        self.fpn = FPN([64, 128, 256], 64)
        self.ssh1, self.ssh2, self.ssh3 = SSH(64, 64), SSH(64, 64), SSH(64, 64)
        self.ClassHead = nn.ModuleList([Head(64, 2, 2) for _ in range(3)])
        self.BboxHead = nn.ModuleList([Head(64, 2, 4) for _ in range(3)])
        self.LandmarkHead = nn.ModuleList([Head(64, 2, 10) for _ in range(3)])

    def forward(self, x):  # retinaface.py's forward in training phase: raw logits, no softmax
        fpn = self.fpn(self.body(x))
        features = [self.ssh1(fpn[0]), self.ssh2(fpn[1]), self.ssh3(fpn[2])]
        boxes = torch.cat([self.BboxHead[i](f) for i, f in enumerate(features)], dim=1)
        logits = torch.cat([self.ClassHead[i](f) for i, f in enumerate(features)], dim=1)
        landmarks = torch.cat([self.LandmarkHead[i](f) for i, f in enumerate(features)], dim=1)
        return boxes, logits, landmarks


def save_safetensors(path, tensors, dtype):
    header, offset, blobs = {}, 0, []
    torch_dtype, name_dtype = (torch.float16, "F16") if dtype == "F16" else (torch.float32, "F32")
    for name, t in tensors.items():
        b = t.detach().contiguous().to(torch_dtype).numpy().tobytes()
        header[name] = {"dtype": name_dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
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
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    model = RetinaFace()
    randomise_batchnorm(model, g)
    with torch.no_grad():  # the stored F16 values are the model's values
        for t in model.state_dict().values():
            if t.is_floating_point():
                t.copy_(t.half().float())
    model.eval()
    # A size that is not a multiple of 32, so the ceil-sized maps and the FPN's nearest resize to odd sizes are exercised.
    # x[i] = 100·sin(0.37 i) over the flat index of (2, 3, 70, 100): the scale of mean-subtracted pixels.
    x = (100 * torch.sin(0.37 * torch.arange(2 * 3 * 70 * 100, dtype=torch.float64))).to(torch.float32).reshape(2, 3, 70, 100)
    with torch.no_grad():
        boxes, logits, landmarks = model(x)
    save_safetensors(f"{out}/retinaface-mnet025.weights.safetensors", model.state_dict(), "F16")
    save_safetensors(f"{out}/retinaface-mnet025.outputs.safetensors", {"boxes": boxes, "logits": logits, "landmarks": landmarks}, "F32")
    print(sum(v.numel() for v in model.state_dict().values()), "values in", len(model.state_dict()), "tensors; anchors", boxes.shape[1])
