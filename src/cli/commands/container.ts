import type { Command } from '../command.js';
import { flag, UsageError } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { serviceNamed, WHERE_FLAGS } from '../resolve.js';
import { actionCommand, deployCommand, domainListCommand } from '../service-actions.js';

export const containerCommands: Command[] = [
  deployCommand('container', {
    summary: 'deploy containers by name, at an image tag',
    about: 'With --tag, it deploys that image tag (the one CI just pushed); without one, it redeploys.',
    fromFlags: [{ name: 'tag', value: 'TAG', about: 'the image tag to deploy' }],
    from(values) {
      const tag = flag(values, 'tag');
      return tag
        ? { deploy: (q, id) => q.containers.deploy(id, { imageTag: tag }), what: ` at tag ${tag}` }
        : { deploy: (q, id) => q.containers.redeploy(id), what: ' at its current tag' };
    },
  }),
  {
    name: 'container update',
    summary: 'point a container at an image tag (or image)',
    about: `Points the container at an image tag (or another image of its registry), keeping every other
setting. Writes nothing when it runs that image already. Deploy it afterwards to run it.`,
    flags: [
      { name: 'container', value: 'NAME', required: true, about: 'the container' },
      { name: 'tag', value: 'TAG', about: 'the image tag to run' },
      { name: 'image-name', value: 'NAME', about: 'another image of its registry' },
      ...WHERE_FLAGS,
    ],
    async run({ values, io, client }) {
      const tag = flag(values, 'tag');
      const imageName = flag(values, 'image-name');
      if (!tag && !imageName) throw new UsageError('give --tag, --image-name or both');
      const qovery = client();
      const service = await serviceNamed(qovery, 'container', values);
      const updated = await qovery.containers.update(service.id, { tag, imageName });
      io.stderr(
        `Container ${service.name} (${service.id}) runs ${updated.image_name}:${updated.tag}; deploy it to run.\n`,
      );
      return EXIT.ok;
    },
  },
  actionCommand('container', 'redeploy'),
  actionCommand('container', 'stop'),
  actionCommand('container', 'restart'),
  domainListCommand('container'),
];
