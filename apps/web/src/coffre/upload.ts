import type { ApiFailure } from '../app/api';

/**
 * A multipart upload with progress (fetch cannot report upload progress, XMLHttpRequest can),
 * answered like the API client: the parsed JSON body, or a failure with the API's French message.
 */
export function uploadWithProgress<T>(
  path: string,
  data: FormData,
  onProgress: (percent: number) => void,
  options: { structureId?: string } = {},
): Promise<{ ok: true; status: number; data: T } | ApiFailure> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    if (options.structureId) xhr.setRequestHeader('x-pin-structure', options.structureId);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onloadend = () => {
      let body: { code?: string; message?: string } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve({ ok: true, status: xhr.status, data: body as T });
      else
        resolve({
          ok: false,
          status: xhr.status,
          code: body.code ?? `HTTP.${xhr.status}`,
          message: body.message ?? (xhr.status === 0 ? 'Impossible de joindre le serveur. Vérifiez votre connexion internet puis réessayez.' : 'Le dépôt a échoué. Réessayez.'),
        });
    };
    xhr.send(data);
  });
}
