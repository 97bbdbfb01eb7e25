// Record in the browser: MediaRecorder, then WAV made here (the server decodes WAV and MP3).
for (const box of document.querySelectorAll("[data-recorder]")) {
  const start = box.querySelector("[data-start]"), stop = box.querySelector("[data-stop]");
  const preview = box.querySelector("audio"), input = box.querySelector("input[type=file]");
  const status = box.querySelector("[data-status]");
  let recorder = null, chunks = [];
  start.hidden = false;
  start.addEventListener("click", async () => {
    const stream = await navigator.mediaDevices.getUserMedia({audio: true});
    recorder = new MediaRecorder(stream); chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = async () => {
      stream.getTracks().forEach((track) => track.stop());
      const context = new AudioContext();
      const decoded = await context.decodeAudioData(await new Blob(chunks).arrayBuffer());
      const wav = toWav(decoded.getChannelData(0), decoded.sampleRate);
      preview.src = URL.createObjectURL(wav); preview.hidden = false;
      const files = new DataTransfer();
      files.items.add(new File([wav], "recording.wav", {type: "audio/wav"}));
      input.files = files.files;
      status.textContent = "Recorded " + decoded.duration.toFixed(1) + " s: listen, then save.";
    };
    recorder.start(); start.disabled = true; stop.disabled = false;
    status.textContent = "Recording…";
  });
  stop.addEventListener("click", () => { recorder.stop(); start.disabled = false; stop.disabled = true; });
}
function toWav(samples, rate) {
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (at, s) => { for (let i = 0; i < s.length; i++) view.setUint8(at + i, s.charCodeAt(i)); };
  text(0, "RIFF"); view.setUint32(4, 36 + samples.length * 2, true); text(8, "WAVEfmt ");
  view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, rate, true); view.setUint32(28, rate * 2, true); view.setUint16(32, 2, true);
  view.setUint16(34, 16, true); text(36, "data"); view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, s)) * 32767, true));
  return new Blob([view], {type: "audio/wav"});
}
