# Writes torch-half-bfloat16.safetensors: values converted to F16 and BF16 by PyTorch, with PyTorch's own widening
# back to float32 stored beside them, so FaceAlign's F16/BF16 readers can be checked against an independent converter.
# Run with Debian's python3-torch: /usr/bin/python3 make_torch_fixture.py
import json, struct
import torch

torch.manual_seed(0)
ref = torch.cat([
    torch.randn(40) * torch.logspace(-6, 4, 40),                              # magnitudes 1e-6 .. 1e4
    torch.tensor([0.0, -0.0, 65504.0, -65504.0, 6e-8, 1e-5, 3.140625, -2.5,  # F16 max, F16 subnormals
                  1e30, -1e-30]),                                             # BF16-only range
]).reshape(2, 5, 5)
half = ref.clone()
half[1, 4, 3:] = 0  # 1e30 and -1e-30 overflow/underflow F16; keep the F16 tensor finite
tensors = [
    ("f16", "F16", half.half()),
    ("f16_as_f32", "F32", half.half().float()),
    ("bf16", "BF16", ref.bfloat16()),
    ("bf16_as_f32", "F32", ref.bfloat16().float()),
]
header, blobs, offset = {"__metadata__": {"generator": "torch " + torch.__version__}}, [], 0
for name, dtype, t in tensors:
    raw = t.contiguous().view(torch.int16 if dtype != "F32" else torch.int32).numpy().astype("<i2" if dtype != "F32" else "<i4").tobytes()
    header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
    blobs.append(raw)
    offset += len(raw)
text = json.dumps(header, separators=(",", ":")).encode()
text += b" " * (-len(text) % 8)
with open("torch-half-bfloat16.safetensors", "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
