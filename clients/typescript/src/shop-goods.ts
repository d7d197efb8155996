import { execute, executeUpload, type Api } from './api';
import { graphql, useFragment, type FragmentType } from './gql';

/** What a goods card shows; the list asks for it, the card reads it. */
export const ShopGoodsCardFragment = graphql(`
  fragment ShopGoodsCard on ShopGoods {
    id
    name
    price
    number
    state
    smallLogo
    updatedAt
    attributes {
      value
      attribute {
        name
      }
    }
  }
`);

export const ShopGoodsListDocument = graphql(`
  query ShopGoodsList($search: String, $paging: PageInput!) {
    shopGoodsList(search: $search, paging: $paging) {
      total
      items {
        id
        ...ShopGoodsCard
      }
    }
  }
`);

export const UploadImageDocument = graphql(`
  mutation UploadImage($file: Upload!) {
    uploadImage(file: $file) {
      tmpPath
      url
    }
  }
`);

/** A goods card's text: only the fragment's fields are visible here. */
export function goodsCardText(goods: FragmentType<typeof ShopGoodsCardFragment>): string {
  const card = useFragment(ShopGoodsCardFragment, goods);
  const attributes = card.attributes.map((a) => `${a.attribute.name}: ${a.value}`).join(', ');
  const state = card.state === 'APPROVED' ? '' : ` [${card.state}]`;
  return `${card.name} ¥${card.price.toFixed(2)} ×${card.number}${state} (${attributes})`;
}

/** The shop back office's goods list, newest first, as card texts. */
export async function shopGoodsCards(api: Api, search: string | null, page: number, size: number) {
  const { shopGoodsList } = await execute(api, ShopGoodsListDocument, { search, paging: { page, size } });
  return { total: shopGoodsList.total, cards: shopGoodsList.items.map(goodsCardText) };
}

/** Uploads a picture for goods; createShopGoods takes the tmpPath it answers. */
export async function uploadGoodsPicture(api: Api, file: File | Blob): Promise<string> {
  const { uploadImage } = await executeUpload(api, UploadImageDocument, { file }, 'file');
  return uploadImage.tmpPath;
}
