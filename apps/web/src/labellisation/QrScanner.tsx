import jsQR from 'jsqr';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Reads a QR code from the phone's camera (getUserMedia, rear camera preferred): each animation
 * frame is drawn on a hidden canvas and decoded with jsQR; the first code found is handed over and
 * the camera stops. Manual entry stays next to it for those without a camera or permission.
 */
export function QrScanner({ onCode, onClose }: { onCode: (text: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stream: MediaStream | undefined;
    let frame = 0;
    let stopped = false;
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    const tick = () => {
      if (stopped) return;
      const v = video.current;
      if (v && context && v.readyState >= v.HAVE_ENOUGH_DATA) {
        canvas.width = v.videoWidth;
        canvas.height = v.videoHeight;
        context.drawImage(v, 0, 0, canvas.width, canvas.height);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' });
        if (found?.data) {
          stopped = true;
          onCode(found.data);
          return;
        }
      }
      frame = requestAnimationFrame(tick);
    };
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped) return;
        if (video.current) {
          video.current.srcObject = stream;
          await video.current.play();
        }
        frame = requestAnimationFrame(tick);
      } catch {
        setError('La caméra n’est pas accessible (autorisation refusée ou pas de caméra) : saisissez le code à la main.');
      }
    })();
    return () => {
      stopped = true;
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, [onCode]);
  return (
    <div class="scanner">
      {error ? (
        <p class="statut statut--erreur" role="alert">
          {error}
        </p>
      ) : (
        <video ref={video} muted playsInline aria-label="Image de la caméra : placez le QR code du pass dans le cadre" />
      )}
      <button type="button" class="bouton bouton--secondaire" onClick={onClose}>
        Arrêter la caméra
      </button>
    </div>
  );
}
